"""The outbox: mail is written in the same transaction as the action that causes it."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    # Claimed by a sender (claimed_at) before it talks to the SMTP server: never claimed twice;
    # a sender that died leaves it here, and it is tried again after MAIL_CLAIM_TIMEOUT.
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # the network kept failing: gave up after MAIL_MAX_ATTEMPTS
    # Will not go out by trying again (cannot be built, refused for good by the server): set
    # aside with its error so that the queue moves on; an admin retries or discards it.
    QUARANTINED = "quarantined"
    DISCARDED = "discarded"  # an admin decided it will never be sent


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(10))
    status: Mapped[OutboxStatus] = mapped_column(
        enum_type(OutboxStatus, "outbox_status"),
        default=OutboxStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Sent as List-Unsubscribe (RFC 2369) with one-click POST (RFC 8058) when set.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_iff_sent_at"),
        CheckConstraint(
            "(status = 'sending') = (claimed_at IS NOT NULL)", name="sending_iff_claimed_at"
        ),
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )
