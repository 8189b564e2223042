"""Translations of user-written texts, readers' settings and per-text read counts."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, utcnow
from council.extensions import db

KIND_MAX = 40
FIELD_MAX = 40
LOCALE_MAX = 10
HASH_LENGTH = 64  # sha256 hex of the original text the translation was made from


class ContentTranslation(db.Model):
    """One field of one text (a proposal's body, a comment…) in one language, by a person."""

    __tablename__ = "content_translations"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(KIND_MAX))
    subject_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(FIELD_MAX))
    locale: Mapped[str] = mapped_column(String(LOCALE_MAX))
    text: Mapped[str] = mapped_column(Text)
    # The original as the translator saw it: when the original changes, the hashes differ and
    # the translation is shown as "may be outdated".
    source_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    # SET NULL: an erased account's translations stay, like its other contributions.
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    translator = relationship("User", foreign_keys=[translator_id], lazy="joined")
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id], lazy="joined")

    __table_args__ = (
        UniqueConstraint(
            "subject_kind", "subject_id", "field", "locale", name="uq_ct_one_per_locale"
        ),
        CheckConstraint("trim(text) <> ''", name="text_not_blank"),
        CheckConstraint(f"length(source_hash) = {HASH_LENGTH}", name="source_hash_length"),
        # A reviewer may later erase their account (NULL id) but a review always has a date.
        CheckConstraint(
            "reviewed_by_id IS NULL OR reviewed_at IS NOT NULL", name="review_has_date"
        ),
        Index("ix_content_translations_subject", "subject_kind", "subject_id"),
    )

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class ReaderSettings(db.Model):
    """What a person declared: the languages they can translate into, and easy-read first."""

    __tablename__ = "content_reader_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Shipped locale codes separated by spaces ("ar fr"), in the order of the locale table.
    translate_into: Mapped[str] = mapped_column(String(100), default="")
    easy_read: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def languages(self) -> list[str]:
        return self.translate_into.split()


class ReadCount(db.Model):
    """How often a text's public page was read: a bare counter, nothing about who read it."""

    __tablename__ = "content_read_counts"

    subject_kind: Mapped[str] = mapped_column(String(KIND_MAX), primary_key=True)
    subject_id: Mapped[int] = mapped_column(primary_key=True)
    reads: Mapped[int] = mapped_column(default=0)

    __table_args__ = (CheckConstraint("reads >= 0", name="reads_not_negative"),)


READER_HASH_LENGTH = 64


class ReadMark(db.Model):
    """This reader was already counted for this text today, so repeated reads do not push the
    count. `reader` is a keyed hash of the day and the account id or network address: it cannot
    be read back, changes every day, and rows of past days are deleted at the next read."""

    __tablename__ = "content_read_marks"

    subject_kind: Mapped[str] = mapped_column(String(KIND_MAX), primary_key=True)
    subject_id: Mapped[int] = mapped_column(primary_key=True)
    reader: Mapped[str] = mapped_column(String(READER_HASH_LENGTH), primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
