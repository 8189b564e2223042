"""Proposals written by members, their themes, co-authors, co-signatures, history and revisions."""

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db

TITLE_MAX = 200
BODY_MAX = 20_000
SUMMARY_MAX = 3_000
REASON_MAX = 2_000
THEME_NAME_MAX = 80


class ProposalState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SCHEDULED = "scheduled"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def rank(self) -> int:
        """How far along the life cycle; a withdrawn proposal has no rank of its own."""
        return STATE_RANKS[self]


STATE_RANKS = {
    ProposalState.DRAFT: 0,
    ProposalState.SUBMITTED: 1,
    ProposalState.SCHEDULED: 2,
    ProposalState.ADOPTED: 3,
    ProposalState.REJECTED: 3,
    ProposalState.WITHDRAWN: -1,
}


class CoauthorStatus(enum.StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"


PROPOSAL_STATE = enum_type(ProposalState, "proposal_state")


class Theme(db.Model):
    """A subject area (housing, health…), managed by admins, named in every shipped language."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(THEME_NAME_MAX), unique=True)  # in French
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    name_translations: Mapped[list["ThemeNameTranslation"]] = relationship(
        back_populates="theme", cascade="all, delete-orphan", lazy="selectin"
    )

    def name_in(self, locale: str) -> str:
        for translation in self.name_translations:
            if translation.locale == locale:
                return translation.name
        return self.name

    def translated_locales(self) -> dict[str, str]:
        return {t.locale: t.name for t in self.name_translations}


class ThemeNameTranslation(db.Model):
    __tablename__ = "theme_name_translations"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(THEME_NAME_MAX))

    theme: Mapped[Theme] = relationship(back_populates="name_translations")

    __table_args__ = (UniqueConstraint("theme_id", "locale"),)


proposal_services = Table(
    "proposal_services",
    db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class Proposal(db.Model):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)  # Markdown as typed; rendered and sanitised on display
    summary: Mapped[str | None] = mapped_column(Text)  # easy-read (FALC) version
    language: Mapped[str] = mapped_column(String(10))
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="RESTRICT"), index=True)
    # SET NULL: when an account is erased the proposal stays, signed "former member".
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[ProposalState] = mapped_column(PROPOSAL_STATE, default=ProposalState.DRAFT)
    # A draft whose author asked for co-signatures: members (not the public) can read it.
    support_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Bumped on every edit of the text: an edit form made from an older version is refused.
    version: Mapped[int] = mapped_column(default=1)
    # Title, body and summary folded to plain lower-case words (see proposals/search.py), so
    # SQLite FTS5 and PostgreSQL full-text search index exactly the same words.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The title's words (and its translations') between spaces: search lists title matches first.
    search_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The question from the city this proposal answers, if any; adopting it answers the referral.
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)

    theme: Mapped[Theme] = relationship(lazy="joined")
    author = relationship("User", foreign_keys=[author_id], lazy="joined")
    services = relationship("Service", secondary=proposal_services, lazy="selectin")
    referral = relationship("Referral", lazy="joined")
    coauthors: Mapped[list["ProposalCoauthor"]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ProposalCoauthor.invited_at",
    )
    events: Mapped[list["ProposalEvent"]] = relationship(
        cascade="all, delete-orphan", order_by="ProposalEvent.id", viewonly=False
    )

    __table_args__ = (
        CheckConstraint("trim(title) <> ''", name="title_not_blank"),
        CheckConstraint("trim(body) <> ''", name="body_not_blank"),
        CheckConstraint(
            "(state = 'withdrawn') = (withdrawal_reason IS NOT NULL)", name="withdrawn_iff_reason"
        ),
        CheckConstraint(
            "withdrawal_reason IS NULL OR trim(withdrawal_reason) <> ''",
            name="withdrawal_reason_not_blank",
        ),
        CheckConstraint(
            "state NOT IN ('submitted', 'scheduled', 'adopted', 'rejected') "
            "OR submitted_at IS NOT NULL",
            name="submitted_has_date",
        ),
        CheckConstraint(
            "(state IN ('adopted', 'rejected')) = (decided_at IS NOT NULL)",
            name="decided_iff_date",
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_proposals_state_submitted", "state", "submitted_at"),
        # The public list, newest first, a page at a time after a given proposal (keyset).
        Index("ix_proposals_submitted_at_id", "submitted_at", "id"),
    )

    @property
    def confirmed_coauthors(self) -> list["ProposalCoauthor"]:
        return [c for c in self.coauthors if c.status == CoauthorStatus.ACCEPTED]

    def coauthor_row(self, user) -> "ProposalCoauthor | None":
        user_id = getattr(user, "id", None)
        return next((c for c in self.coauthors if c.user_id == user_id), None)

    @property
    def reached_rank(self) -> int:
        """How far the proposal went; a withdrawn one keeps the rank it had reached."""
        if self.state == ProposalState.WITHDRAWN:
            return STATE_RANKS[
                ProposalState.SUBMITTED if self.submitted_at else ProposalState.DRAFT
            ]
        return self.state.rank

    @property
    def is_open_for_support(self) -> bool:
        return self.state == ProposalState.DRAFT and self.support_opened_at is not None

    @property
    def tracks_revisions(self) -> bool:
        """Edits are kept once people other than the authors can read the text."""
        return self.support_opened_at is not None or self.state != ProposalState.DRAFT


class ProposalCoauthor(db.Model):
    __tablename__ = "proposal_coauthors"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[CoauthorStatus] = mapped_column(
        enum_type(CoauthorStatus, "coauthor_status"), default=CoauthorStatus.INVITED
    )
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal: Mapped[Proposal] = relationship(back_populates="coauthors")
    user = relationship("User", lazy="joined")

    __table_args__ = (
        UniqueConstraint("proposal_id", "user_id"),
        CheckConstraint("(status = 'invited') = (responded_at IS NULL)", name="responded_iff_date"),
    )


class ProposalCosignature(db.Model):
    """One member's support for a proposal: once per member (the UNIQUE key decides races)."""

    __tablename__ = "proposal_cosignatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member = relationship("User", lazy="joined")

    __table_args__ = (UniqueConstraint("proposal_id", "member_id"),)


class ProposalEvent(db.Model):
    """One change of state, kept for the public timeline. Append-only."""

    __tablename__ = "proposal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_state: Mapped[ProposalState | None] = mapped_column(PROPOSAL_STATE)
    to_state: Mapped[ProposalState] = mapped_column(PROPOSAL_STATE)
    reason: Mapped[str | None] = mapped_column(Text)

    actor = relationship("User", lazy="joined")

    __table_args__ = (
        CheckConstraint("from_state IS NULL OR from_state <> to_state", name="changes_state"),
    )


class ProposalRevision(db.Model):
    """The text of a proposal after one edit (number 1 is the text first shown to others)."""

    __tablename__ = "proposal_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)

    editor = relationship("User", lazy="joined")

    __table_args__ = (
        UniqueConstraint("proposal_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )
