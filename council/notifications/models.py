"""In-app notifications, each person's email choices, daily digests and followed subjects."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db


class NotificationKind(enum.StrEnum):
    COAUTHOR_INVITATION = "coauthor_invitation"
    NEW_COMMENT = "new_comment"
    COMMENT_REPLY = "comment_reply"
    STATE_CHANGE = "state_change"
    REFERRAL_RECEIVED = "referral_received"
    RECOMMENDATION_RECEIVED = "recommendation_received"


class Delivery(enum.StrEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    NEVER = "never"


class NotificationDigest(db.Model):
    """One daily email per person per day; notifications it carried point to it."""

    __tablename__ = "notification_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (db.UniqueConstraint("user_id", "day", name="uq_notification_digests_day"),)


class Notification(db.Model):
    """What happened, stored as kind + parameters so it reads in whatever language the reader
    uses when they look at it (the page or the mail), not the language of the one who acted."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind, "notification_kind"))
    subject_title: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(500))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    # The person's email choice when it was created: later changes do not resend old news.
    delivery: Mapped[Delivery] = mapped_column(enum_type(Delivery, "notification_delivery"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("notification_digests.id", ondelete="SET NULL")
    )

    user = relationship("User")

    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_digest_due", "delivery", "digest_id"),
        CheckConstraint(
            "digest_id IS NULL OR delivery = 'daily'", name="digest_only_for_daily_delivery"
        ),
    )


class NotificationPreference(db.Model):
    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[NotificationKind] = mapped_column(
        enum_type(NotificationKind, "notification_kind"), primary_key=True
    )
    delivery: Mapped[Delivery] = mapped_column(enum_type(Delivery, "notification_delivery"))


class Follow(db.Model):
    __tablename__ = "follows"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    subject_kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    subject_id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_follows_subject", "subject_kind", "subject_id"),)
