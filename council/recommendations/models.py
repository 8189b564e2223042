"""Recommendations (adopted proposals, frozen), the services' responses with every version,
their commitments and the dated follow-ups on each commitment."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db

TITLE_MAX = 200
JUSTIFICATION_MAX = 10_000
COMMITMENT_MAX = 1_000
NOTE_MAX = 5_000
DEFAULT_RESPONSE_DAYS = 60
# One notice a week before (issue 13 asks for 7 days), then one on the deadline.
REMINDER_DAYS_BEFORE = 7


class RecommendationState(enum.StrEnum):
    ADOPTED = "adopted"  # frozen, not yet sent: only the council sees it
    TRANSMITTED = "transmitted"
    ANSWERED = "answered"  # every service addressed has responded


class ResponseStatus(enum.StrEnum):
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    REJECTED = "rejected"
    UNDER_STUDY = "under_study"


class FollowUpStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ABANDONED = "abandoned"


recommendation_services = Table(
    "recommendation_services",
    db.metadata,
    Column(
        "recommendation_id",
        ForeignKey("recommendations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("service_id", ForeignKey("services.id", ondelete="RESTRICT"), primary_key=True),
)


class Recommendation(db.Model):
    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="RESTRICT"), unique=True
    )
    poll_id: Mapped[int] = mapped_column(
        ForeignKey("poll_results.poll_id", ondelete="RESTRICT"), unique=True
    )
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), index=True
    )
    # The text as adopted: later edits of the proposal (or its translations) never change it.
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(10))
    frozen_translations: Mapped[dict] = mapped_column(JSON, default=dict)
    # The French text the services received at transmission ({"kind:id:field": {...}},
    # translations_content/choice.py): a later edit of its French translation changes neither
    # what was transmitted nor what the French page shows of it.
    frozen_french: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    state: Mapped[RecommendationState] = mapped_column(
        enum_type(RecommendationState, "recommendation_state"), default=RecommendationState.ADOPTED
    )
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    transmitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    transmitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal = relationship("Proposal")
    poll_result = relationship("PollResult")
    meeting = relationship("Meeting")
    services = relationship(
        "Service", secondary=recommendation_services, lazy="selectin", order_by="Service.name"
    )
    responses: Mapped[list["Response"]] = relationship(
        back_populates="recommendation", lazy="selectin", order_by="Response.id"
    )

    __table_args__ = (
        CheckConstraint("trim(title) <> ''", name="title_not_blank"),
        CheckConstraint(
            "(state = 'adopted') = (transmitted_at IS NULL)", name="transmitted_iff_date"
        ),
        CheckConstraint(
            "(transmitted_at IS NULL) = (deadline IS NULL)", name="deadline_iff_transmitted"
        ),
        CheckConstraint(
            "(state = 'answered') = (answered_at IS NOT NULL)", name="answered_iff_date"
        ),
    )

    @property
    def is_public(self) -> bool:
        return self.state != RecommendationState.ADOPTED

    def response_of(self, service) -> "Response | None":
        return next((r for r in self.responses if r.service_id == service.id), None)

    def addresses(self, service) -> bool:
        return any(s.id == service.id for s in self.services)


class Response(db.Model):
    """One service's answer to one recommendation; its text lives in numbered versions."""

    __tablename__ = "recommendation_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE")
    )
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="RESTRICT"))
    first_answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="responses")
    service = relationship("Service", lazy="joined")
    versions: Mapped[list["ResponseVersion"]] = relationship(
        order_by="ResponseVersion.number", lazy="selectin", cascade="all, delete-orphan"
    )
    commitments: Mapped[list["Commitment"]] = relationship(
        back_populates="response",
        order_by="Commitment.id",
        lazy="selectin",
        cascade="all, delete-orphan",
    )

    # One response per service: the second one is a new version, not a new row.
    __table_args__ = (UniqueConstraint("recommendation_id", "service_id"),)

    @property
    def current(self) -> "ResponseVersion":
        return self.versions[-1]

    @property
    def justification_text(self) -> str:
        """The current version's text: a new version makes older translations outdated."""
        return self.current.justification if self.versions else ""

    @property
    def live_commitments(self) -> list["Commitment"]:
        return [c for c in self.commitments if c.dropped_in is None]


class ResponseVersion(db.Model):
    """A response as published at one moment. Append-only: a revision adds a version."""

    __tablename__ = "recommendation_response_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation_responses.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    status: Mapped[ResponseStatus] = mapped_column(enum_type(ResponseStatus, "response_status"))
    justification: Mapped[str] = mapped_column(Text, default="")
    # The language the official wrote in (translations start from it).
    language: Mapped[str] = mapped_column(String(10), default="fr", server_default="fr")
    # The commitments as they read in this version: [{"id", "text", "target_date"}].
    commitments: Mapped[list[dict]] = mapped_column(JSON, default=list)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("response_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(
            "status = 'accepted' OR trim(justification) <> ''",
            name="justified_unless_accepted",
        ),
    )


class Commitment(db.Model):
    """What a service commits to do, with a target date; follow-ups report on it."""

    __tablename__ = "recommendation_commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation_responses.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(COMMITMENT_MAX))
    target_date: Mapped[date] = mapped_column(Date)
    added_in: Mapped[int]  # response version numbers
    dropped_in: Mapped[int | None]

    response: Mapped[Response] = relationship(back_populates="commitments")
    follow_ups: Mapped[list["FollowUp"]] = relationship(
        back_populates="commitment",
        order_by="(FollowUp.on_date, FollowUp.id)",
        lazy="selectin",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        CheckConstraint("trim(text) <> ''", name="text_not_blank"),
        CheckConstraint("dropped_in IS NULL OR dropped_in > added_in", name="dropped_after_added"),
    )

    @property
    def latest(self) -> "FollowUp | None":
        return self.follow_ups[-1] if self.follow_ups else None

    @property
    def is_done(self) -> bool:
        return self.latest is not None and self.latest.status == FollowUpStatus.DONE


class FollowUp(db.Model):
    __tablename__ = "recommendation_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation_commitments.id", ondelete="CASCADE"), index=True
    )
    on_date: Mapped[date] = mapped_column(Date)
    status: Mapped[FollowUpStatus] = mapped_column(enum_type(FollowUpStatus, "follow_up_status"))
    note: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10), default="fr", server_default="fr")
    percent: Mapped[int | None]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="follow_ups")

    __table_args__ = (
        CheckConstraint(
            "percent IS NULL OR (percent >= 0 AND percent <= 100)", name="percent_range"
        ),
        CheckConstraint("status <> 'abandoned' OR trim(note) <> ''", name="abandoned_has_reason"),
    )


class ReminderSent(db.Model):
    """One row per reminder mailed to a service: the cron job may run any number of times."""

    __tablename__ = "recommendation_reminders"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint("kind IN ('before', 'due')", name="known_reminder"),)
