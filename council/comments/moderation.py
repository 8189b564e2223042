"""Reports and moderation of comments. Each function flushes, never commits."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from council.comments.models import REASON_MAX, Comment, CommentReport, ReportResolution
from council.comments.permissions import can_moderate
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db

AUTO_HIDE_REPORTS = 3


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("Give a reason."), "reason")
    if len(reason) > REASON_MAX:
        raise OperationError(_("Use at most %(max)d characters.", max=REASON_MAX), "reason")
    return reason


def open_reports(comment: Comment) -> list[CommentReport]:
    return db.session.scalars(
        select(CommentReport)
        .where(CommentReport.comment_id == comment.id, CommentReport.resolution.is_(None))
        .order_by(CommentReport.id)
    ).all()


def has_reported(comment: Comment, user) -> bool:
    query = select(CommentReport.id).where(
        CommentReport.comment_id == comment.id, CommentReport.reporter_id == user.id
    )
    return db.session.scalar(query) is not None


def report_comment(comment: Comment, by, reason: str) -> CommentReport:
    reason = _reason(reason)
    if comment.is_deleted:
        raise OperationError(_("This comment has been deleted."), "reason")
    if comment.author_id == by.id:
        raise OperationError(_("You cannot report your own comment."), "reason")
    already = OperationError(_("You have already reported this comment."), "reason")
    if has_reported(comment, by):
        raise already
    report = CommentReport(comment_id=comment.id, reporter_id=by.id, reason=reason)
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        raise already from None  # the same person reported it at the same moment
    _hide_when_reported_enough(comment)
    return report


def _hide_when_reported_enough(comment: Comment) -> None:
    reporters = db.session.scalar(
        select(func.count(func.distinct(CommentReport.reporter_id))).where(
            CommentReport.comment_id == comment.id, CommentReport.resolution.is_(None)
        )
    )
    if reporters >= AUTO_HIDE_REPORTS and not comment.is_hidden:
        comment.hidden_at = utcnow()
        comment.pending_review = True
    db.session.flush()


def _resolve(comment: Comment, by, resolution: ReportResolution) -> None:
    now = utcnow()
    for report in open_reports(comment):
        report.resolution = resolution
        report.resolved_at = now
        report.resolved_by_id = by.id


def hide_comment(comment: Comment, by, reason: str) -> None:
    if not can_moderate(by):
        raise OperationError(_("Only secretaries moderate comments."), "reason")
    reason = _reason(reason)
    if comment.is_deleted:
        raise OperationError(_("This comment has been deleted."), "reason")
    if comment.is_hidden and not comment.pending_review:
        raise OperationError(_("This comment is already hidden."), "reason")
    comment.hidden_at = utcnow()
    comment.hidden_reason = reason
    comment.hidden_by_id = by.id
    comment.pending_review = False
    _resolve(comment, by, ReportResolution.HIDDEN)
    db.session.flush()


def dismiss_reports(comment: Comment, by) -> None:
    """The comment is fine: close its reports and show it again if reports had hidden it."""
    if not can_moderate(by):
        raise OperationError(_("Only secretaries moderate comments."))
    if not open_reports(comment) and not comment.pending_review:
        raise OperationError(_("There is nothing left to review on this comment."))
    _resolve(comment, by, ReportResolution.DISMISSED)
    if comment.pending_review:
        comment.hidden_at = None
        comment.pending_review = False
    db.session.flush()


def moderation_queue() -> list[Comment]:
    """Comments with unresolved reports or hidden pending review, oldest report first."""
    reported = (
        select(CommentReport.comment_id, func.min(CommentReport.created_at).label("first"))
        .where(CommentReport.resolution.is_(None))
        .group_by(CommentReport.comment_id)
        .subquery()
    )
    return db.session.scalars(
        select(Comment)
        .outerjoin(reported, reported.c.comment_id == Comment.id)
        .where(reported.c.comment_id.is_not(None) | Comment.pending_review)
        .where(Comment.deleted_at.is_(None))
        .order_by(reported.c.first, Comment.id)
    ).all()
