"""An attachment and its bytes (in `attachment_chunks` when the database holds them).

An attachment belongs to exactly one object: a proposal, a meeting, an agenda item, minutes, a
referral, a service's response or a follow-up. One nullable foreign key per kind of owner (not
a kind and an id) so that the database itself deletes the files of a deleted object.
"""

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db

TITLE_MAX = 200
DESCRIPTION_MAX = 2_000
ALT_TEXT_MAX = 500
FILENAME_MAX = 120


class FileKind(enum.StrEnum):
    PDF = "pdf"
    ODT = "odt"
    DOCX = "docx"
    ODS = "ods"
    XLSX = "xlsx"
    PNG = "png"
    JPEG = "jpeg"
    WEBP = "webp"
    TEXT = "text"

    @property
    def is_image(self) -> bool:
        return self in IMAGE_KINDS


IMAGE_KINDS = {FileKind.PNG, FileKind.JPEG, FileKind.WEBP}


class OwnerKind(enum.StrEnum):
    PROPOSAL = "proposal"
    MEETING = "meeting"
    AGENDA_ITEM = "agenda_item"
    MINUTES = "minutes"
    REFERRAL = "referral"
    RESPONSE = "response"
    FOLLOW_UP = "follow_up"

    @property
    def column(self) -> str:
        return f"{self.value}_id"


def _exactly_one_owner() -> str:
    present = " + ".join(
        f"(CASE WHEN {kind.column} IS NULL THEN 0 ELSE 1 END)" for kind in OwnerKind
    )
    return f"{present} = 1"


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, in the download URL: a link cannot be guessed from another one (the permission
    # of the owner is checked as well).
    token: Mapped[str] = mapped_column(String(43), unique=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    minutes_id: Mapped[int | None] = mapped_column(
        ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation_responses.id", ondelete="CASCADE"), index=True
    )
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation_follow_ups.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    alt_text: Mapped[str] = mapped_column(String(ALT_TEXT_MAX), default="")
    language: Mapped[str] = mapped_column(String(10))
    # The name shown and offered when saving: cleaned of paths and invisible characters.
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX))
    file_kind: Mapped[FileKind] = mapped_column(enum_type(FileKind, "attachment_file_kind"))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    preview_size: Mapped[int | None] = mapped_column(Integer)
    storage: Mapped[str] = mapped_column(String(16))  # "database" or "s3"
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by = relationship("User", lazy="joined")

    __table_args__ = (
        CheckConstraint(_exactly_one_owner(), name="exactly_one_owner"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("size >= 0", name="size_not_negative"),
        CheckConstraint(
            "file_kind NOT IN ('png', 'jpeg', 'webp') OR length(alt_text) > 0",
            name="image_has_alt_text",
        ),
    )

    @property
    def owner_kind(self) -> OwnerKind:
        return next(kind for kind in OwnerKind if getattr(self, kind.column) is not None)

    @property
    def owner_id(self) -> int:
        return getattr(self, self.owner_kind.column)

    @property
    def has_preview(self) -> bool:
        return self.preview_size is not None

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.file_kind}>"


class AttachmentChunk(db.Model):
    """A file's bytes in the database, in pieces, so that no worker holds a whole file."""

    __tablename__ = "attachment_chunks"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[str] = mapped_column(String(10), primary_key=True)  # "file" or "preview"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
