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
    # Issue 13: the loop carries people (values at most 23 characters: SQLite's column width).
    CITY_ANSWER = "city_answer"
    PROPOSAL_COSIGNED = "proposal_cosigned"
    PROXY = "proxy"
    MEETING = "meeting"
    POLL_OPENED = "poll_opened"
    MINUTES_PUBLISHED = "minutes_published"
    DEADLINE_SOON = "deadline_soon"
    SECRETARIAT_TASK = "secretariat_task"


class Delivery(enum.StrEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"


DIGEST_DELIVERIES = (Delivery.DAILY, Delivery.WEEKLY)


class NotificationDigest(db.Model):
    """One digest email per person and period (`day` is the day, or the Monday of the week);
    the notifications it carried point to it."""

    __tablename__ = "notification_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    period: Mapped[Delivery] = mapped_column(
        enum_type(Delivery, "notification_delivery"), default=Delivery.DAILY
    )
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        db.UniqueConstraint("user_id", "period", "day", name="uq_notification_digests_period"),
    )


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
            "digest_id IS NULL OR delivery IN ('daily', 'weekly')",
            name="digest_only_for_digest_delivery",
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


class PublicFollowSubject(enum.StrEnum):
    """What someone without an account may follow by email."""

    RECOMMENDATION = "recommendation"  # the city's answers and follow-ups on it
    SERVICE = "service"  # the answers and follow-ups of that service
    MEETINGS = "meetings"  # new meetings and their minutes (subject_id 0)


class PublicFollow(db.Model):
    """An email address (no account) that follows one subject. Double opt-in: nothing but the
    confirmation is sent before `confirmed_at`; the unsubscribe key is in every email."""

    __tablename__ = "public_follows"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(10))
    subject_kind: Mapped[PublicFollowSubject] = mapped_column(
        enum_type(PublicFollowSubject, "public_follow_subject")
    )
    subject_id: Mapped[int] = mapped_column(default=0)
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Plain: it only lets its holder stop these emails, and it is written in each of them.
    unsubscribe_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        db.UniqueConstraint(
            "email", "subject_kind", "subject_id", name="uq_public_follows_subject"
        ),
        Index("ix_public_follows_subject", "subject_kind", "subject_id"),
        CheckConstraint(
            "confirmed_at IS NULL OR confirm_token_hash IS NULL", name="token_used_once"
        ),
    )
