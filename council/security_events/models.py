"""The security log: who logged in, failed, was blocked, changed a factor or a role, or was
refused a page. Kept SECURITY_EVENTS_DAYS, then purged (`flask security purge`)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, utcnow
from council.extensions import db

ADDRESS_MAX = 64


class SecurityEvent(db.Model):
    __tablename__ = "security_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(ADDRESS_MAX))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    user = relationship("User")

    __table_args__ = (Index("ix_security_events_kind_at", "kind", "at"),)
