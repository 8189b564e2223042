"""One row per recorded event; each row carries the hash of the one before it."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from council.db_types import UTCDateTime
from council.extensions import db

GENESIS_HASH = "0" * 64


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    # Assigned under the append lock (last + 1), not by a sequence, so gaps are tampering.
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A plain number, not a foreign key: erasing an account must not rewrite (and so break)
    # the chain through ON DELETE SET NULL.
    actor_id: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict] = mapped_column(JSON)
    # Unique: two writers that read the same head cannot both link to it (no fork).
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    __table_args__ = (CheckConstraint("seq >= 1", name="seq_positive"),)
