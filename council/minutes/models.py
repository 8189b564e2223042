"""Minutes of a meeting, the secretary's narratives, revisions, errata and email subscribers.

The generated part (attendance, agenda, results) is not stored while the minutes are a draft:
it is rendered from the meeting record each time, so it follows corrections of that record.
Approval freezes it into `record`, and from then on the text can only grow by errata.
"""

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db

CHAIR_MAX = 200
TEXT_MAX = 20_000
SUMMARY_MAX = 10_000
EASY_READ_MAX = 3_000
DECISION_MAX = 2_000
ERRATUM_MAX = 3_000
EMAIL_MAX = 254


class MinutesState(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    PUBLISHED = "published"


# What the secretary writes; frozen (with the generated record) once approved.
WRITTEN_FIELDS = (
    "chair",
    "summary",
    "summary_language",
    "easy_read",
    "easy_read_language",
)


class Minutes(db.Model):
    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[MinutesState] = mapped_column(
        enum_type(MinutesState, "minutes_state"),
        default=MinutesState.DRAFT,
    )
    # Optimistic locking: a save names the version it was made from.
    version: Mapped[int] = mapped_column(default=1)
    chair: Mapped[str] = mapped_column(String(CHAIR_MAX), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    summary_language: Mapped[str] = mapped_column(String(10), default="fr")
    easy_read: Mapped[str] = mapped_column(Text, default="")
    easy_read_language: Mapped[str] = mapped_column(String(10), default="fr")
    # The generated record frozen at approval (None while a draft: rendered live).
    record: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # The French text of each passage as approved (the summaries, each debate's summary, the
    # titles of the proposals debated): {"kind:id:field": {...}}, translations_content/choice.py.
    # Later edits of a translation do not change approved minutes.
    frozen_french: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # The "approval of the previous minutes" agenda item of a later meeting that votes on them.
    approval_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), unique=True
    )
    approval_poll_id: Mapped[int | None] = mapped_column(
        ForeignKey("polls.id", ondelete="SET NULL")
    )
    approval_decision: Mapped[str | None] = mapped_column(Text)  # the bureau's recorded decision
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The meeting's title as indexed words between spaces: the search lists title matches first.
    search_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting")
    approval_item = relationship("AgendaItem", foreign_keys=[approval_item_id])
    approval_poll = relationship("Poll", foreign_keys=[approval_poll_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    narratives: Mapped[list["MinutesNarrative"]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan", lazy="selectin"
    )
    errata: Mapped[list["MinutesErratum"]] = relationship(
        order_by="MinutesErratum.number", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(
            "state = 'draft' OR (approved_at IS NOT NULL AND record IS NOT NULL)",
            name="frozen_once_approved",
        ),
        CheckConstraint(
            "state = 'draft' OR ((approval_poll_id IS NULL) <> (approval_decision IS NULL))",
            name="approved_one_way",
        ),
        CheckConstraint(
            "(state = 'published') = (published_at IS NOT NULL)",
            name="published_iff_published_at",
        ),
    )

    @property
    def is_draft(self) -> bool:
        return self.state == MinutesState.DRAFT

    @property
    def is_public(self) -> bool:
        return self.state == MinutesState.PUBLISHED

    def narrative_for(self, item_id: int) -> "MinutesNarrative | None":
        return next((n for n in self.narratives if n.item_id == item_id), None)


class MinutesNarrative(db.Model):
    """The secretary's summary of the debate on one agenda item, in a declared language."""

    __tablename__ = "minutes_narratives"

    minutes_id: Mapped[int] = mapped_column(
        ForeignKey("minutes.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10), default="fr")

    minutes: Mapped[Minutes] = relationship(back_populates="narratives")
    item = relationship("AgendaItem")

    @property
    def id(self) -> int:
        """One narrative per agenda item: translations (keyed by an id) use the item's."""
        return self.item_id


class MinutesRevision(db.Model):
    """Every save of the written text: who, when, and the whole text as it was."""

    __tablename__ = "minutes_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[dict] = mapped_column(JSON)  # section key → {"title", "text", "language"}

    author = relationship("User")

    __table_args__ = (
        UniqueConstraint("minutes_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )


class MinutesErratum(db.Model):
    """A correction after approval: added, visible, never replacing the approved text."""

    __tablename__ = "minutes_errata"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(10), default="fr")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by = relationship("User")

    __table_args__ = (
        UniqueConstraint("minutes_id", "number"),
        CheckConstraint("text <> ''", name="text_not_empty"),
    )


class MinutesSubscriber(db.Model):
    """Someone without an account who asked for an email when minutes are published."""

    __tablename__ = "minutes_subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    locale: Mapped[str] = mapped_column(String(10))
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Plain: it only lets its holder stop these emails, and it is written in each of them.
    unsubscribe_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint(
            "confirmed_at IS NULL OR confirm_token_hash IS NULL", name="token_used_once"
        ),
    )


class FrozenMinutesError(Exception):
    """A change to approved minutes' text reached the flush: a programming error."""


@event.listens_for(Minutes, "before_update")
def _refuse_text_change_once_approved(mapper, connection, minutes) -> None:
    state = db.inspect(minutes)
    previous = state.attrs.state.history.deleted
    was = previous[0] if previous else minutes.state
    if was == MinutesState.DRAFT:
        return
    changed = [
        name for name in (*WRITTEN_FIELDS, "record") if state.attrs[name].history.has_changes()
    ]
    if changed:
        raise FrozenMinutesError(f"minutes {minutes.id}: {', '.join(changed)} frozen")
