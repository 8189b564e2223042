"""Comments on any registered subject (referrals, proposals…), their edits and reports."""

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db

BODY_MAX = 5_000
REASON_MAX = 500
KIND_MAX = 40


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(KIND_MAX))
    subject_id: Mapped[int]
    # Threads are two levels deep: a reply's parent is always a top-level comment.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    # Kept when an account is erased: the comment stays, signed "former member".
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    official_service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str | None] = mapped_column(String(REASON_MAX))
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Hidden by three reports, waiting for a secretary to decide.
    pending_review: Mapped[bool] = mapped_column(default=False)

    parent: Mapped["Comment | None"] = relationship(remote_side=[id])
    author = relationship("User", foreign_keys=[author_id], lazy="joined")
    official_service = relationship("Service", lazy="joined")
    revisions: Mapped[list["CommentRevision"]] = relationship(
        back_populates="comment",
        cascade="all, delete-orphan",
        order_by="CommentRevision.id",
    )

    __table_args__ = (
        CheckConstraint(f"length(body) <= {BODY_MAX}", name="body_max_length"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "hidden_at IS NOT NULL OR (hidden_reason IS NULL AND NOT pending_review)",
            name="hidden_details_need_hidden_at",
        ),
        Index("ix_comments_subject", "subject_kind", "subject_id", "created_at"),
        # A thread page reads the replies of its top-level comments; deleting a comment finds
        # its replies (ON DELETE CASCADE) without scanning every comment.
        Index("ix_comments_parent_id", "parent_id"),
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_visible(self) -> bool:
        return not (self.is_deleted or self.is_hidden)

    @property
    def anchor(self) -> str:
        return f"comment-{self.id}"

    def __repr__(self) -> str:
        return f"<Comment {self.id}>"


class CommentRevision(db.Model):
    """The text a comment had before a late edit (edits within the grace period are not kept)."""

    __tablename__ = "comment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    # When this text was written (the comment's creation or a previous edit).
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="revisions")


class ReportResolution(enum.StrEnum):
    HIDDEN = "hidden"
    DISMISSED = "dismissed"


class CommentReport(db.Model):
    __tablename__ = "comment_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(REASON_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolution: Mapped[ReportResolution | None] = mapped_column(
        enum_type(ReportResolution, "report_resolution")
    )
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    comment: Mapped[Comment] = relationship()
    reporter = relationship("User", foreign_keys=[reporter_id])

    __table_args__ = (
        # Once per person per comment: a second report (even in parallel) is refused by the DB.
        UniqueConstraint("comment_id", "reporter_id", name="uq_comment_reports_once"),
        CheckConstraint(
            "(resolution IS NULL) = (resolved_at IS NULL)", name="resolved_iff_resolution"
        ),
    )
