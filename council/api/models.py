"""Per-service API tokens: only their SHA-256 hashes are stored."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, utcnow
from council.extensions import db

TOKEN_LABEL_MAX = 80
TOKEN_HINT_LENGTH = 6


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(TOKEN_LABEL_MAX))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so that an admin can tell which token a system holds.
    hint: Mapped[str] = mapped_column(String(TOKEN_HINT_LENGTH))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    service = relationship("Service", lazy="joined")

    __table_args__ = (
        CheckConstraint("trim(label) <> ''", name="label_not_blank"),
        CheckConstraint(
            "revoked_by_id IS NULL OR revoked_at IS NOT NULL", name="revoker_only_when_revoked"
        ),
    )

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
