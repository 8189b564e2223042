"""Referrals (saisines): questions the city puts to the council, with a wished answer date."""

import enum
from datetime import date, datetime

from flask_babel import lazy_pgettext
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.dates import council_today
from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db

QUESTION_MAX = 200
CONTEXT_MAX = 20_000
REASON_MAX = 2_000


class ReferralStatus(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    ReferralStatus.OPEN: lazy_pgettext("referral", "Open"),
    ReferralStatus.ANSWERED: lazy_pgettext("referral", "Answered"),
    ReferralStatus.CLOSED: lazy_pgettext("referral", "Closed"),
}


class Referral(db.Model):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(String(QUESTION_MAX))
    context: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="RESTRICT"))
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    wished_answer_date: Mapped[date] = mapped_column(Date)
    # What it is about, as for proposals: the members who follow this theme are told of it.
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("themes.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[ReferralStatus] = mapped_column(
        enum_type(ReferralStatus, "referral_status"),
        default=ReferralStatus.OPEN,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Filled when a proposal (or the bureau) answers; the proposal link comes with proposals.
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answer_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    close_reason: Mapped[str | None] = mapped_column(Text)

    service = relationship("Service", lazy="joined")
    referred_by = relationship("User", foreign_keys=[referred_by_id], lazy="joined")
    theme = relationship("Theme", lazy="joined")

    __table_args__ = (
        CheckConstraint("length(question) > 0", name="question_not_empty"),
        CheckConstraint(
            "(status = 'answered') = (answered_at IS NOT NULL)", name="answered_iff_answered_at"
        ),
        CheckConstraint(
            "(status = 'closed') = (closed_at IS NOT NULL AND close_reason IS NOT NULL)",
            name="closed_iff_closed_with_reason",
        ),
        Index("ix_referrals_status_wished", "status", "wished_answer_date"),
    )

    def is_overdue(self, today: date | None = None) -> bool:
        """Derived, never stored: still open after the wished answer date."""
        today = today or council_today()
        return self.status == ReferralStatus.OPEN and today > self.wished_answer_date

    def __repr__(self) -> str:
        return f"<Referral {self.id}>"
