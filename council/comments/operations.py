"""Writing, editing and deleting comments. Each function flushes, never commits."""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from council import signals
from council.comments.models import BODY_MAX, Comment, CommentRevision
from council.comments.permissions import EDIT_GRACE, can_change_comment
from council.comments.subjects import SubjectType
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.i18n import DEFAULT_LOCALE, normalise
from council.notifications.models import NotificationKind
from council.notifications.operations import followers_of, notify
from council.roles import Role
from council.translations_content.operations import forget_text


def _clean_body(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise OperationError(_("Write your comment before sending it."), "body")
    if len(body) > BODY_MAX:
        raise OperationError(_("A comment has at most %(max)d characters.", max=BODY_MAX), "body")
    return body


def _official_service(author, service_id: int | None):
    if not service_id:
        if not (author.has_role(Role.MEMBER) or author.has_role(Role.SECRETARY)):
            # An official who is not a council member always speaks for their service.
            raise OperationError(_("Choose the service you comment for."), "as_service")
        return None
    if not author.has_role(Role.OFFICIAL):
        raise OperationError(_("Only city officials comment on behalf of a service."), "as_service")
    for service in author.services:
        if service.id == service_id:
            return service
    raise OperationError(_("You can only comment for your own service."), "as_service")


def _thread_parent(reply_to: Comment | None, subject: SubjectType, obj) -> Comment | None:
    if reply_to is None:
        return None
    if reply_to.subject_kind != subject.kind or reply_to.subject_id != obj.id:
        raise OperationError(_("This comment belongs to another page."), "body")
    if not reply_to.is_visible:
        raise OperationError(_("You cannot reply to a deleted or hidden comment."), "body")
    # Threads stay two levels deep: answering a reply joins its top-level conversation.
    return reply_to.parent if reply_to.parent_id else reply_to


DOUBLE_SUBMIT_WINDOW = timedelta(minutes=2)


def _same_comment_just_sent(kind, subject_id, author, body, parent) -> Comment | None:
    return db.session.scalar(
        select(Comment).where(
            Comment.subject_kind == kind,
            Comment.subject_id == subject_id,
            Comment.author_id == author.id,
            Comment.parent_id == parent.id if parent else Comment.parent_id.is_(None),
            Comment.body == body,
            Comment.deleted_at.is_(None),
            Comment.created_at > utcnow() - DOUBLE_SUBMIT_WINDOW,
        )
    )


def post_comment(
    obj,
    by,
    *,
    subject: SubjectType,
    body: str,
    language: str | None,
    as_service_id: int | None = None,
    reply_to: Comment | None = None,
) -> Comment:
    """`by` comments on `obj` (a proposal, a recommendation, a referral: `subject` says which)."""
    author = by
    if not subject.can_comment(author, obj):
        raise OperationError(_("Comments are closed here."), "body")
    body = _clean_body(body)
    service = _official_service(author, as_service_id)
    parent = _thread_parent(reply_to, subject, obj)
    duplicate = _same_comment_just_sent(subject.kind, obj.id, author, body, parent)
    if duplicate is not None:
        return duplicate  # a double click or a resent form: one comment, one notification
    comment = Comment(
        subject_kind=subject.kind,
        subject_id=obj.id,
        parent_id=parent.id if parent else None,
        author_id=author.id,
        body=body,
        # Every text records its language (translations start from it): the author's by default.
        language=normalise(language) or normalise(author.locale) or DEFAULT_LOCALE,
        official_service_id=service.id if service else None,
    )
    db.session.add(comment)
    db.session.flush()
    _notify_about(comment, subject, obj, author, service, reply_to)
    signals.comment_posted.send(comment, by=author, subject=subject, obj=obj)
    return comment


def _notify_about(comment, subject, obj, author, service, reply_to) -> None:
    title = subject.title_of(obj)
    link = f"{subject.url_for_subject(obj)}#{comment.anchor}"
    actor = author.display_name
    if service is not None:
        actor = f"{author.display_name} ({service.name})"
    replied_to = reply_to.author if reply_to is not None else None
    if replied_to is not None and replied_to.id != author.id:
        notify([replied_to], NotificationKind.COMMENT_REPLY, title, link, actor=actor)
    interested = [*subject.people_to_notify(obj), *followers_of(subject.kind, obj.id)]
    skip = {author.id} | ({replied_to.id} if replied_to is not None else set())
    notify(
        [person for person in interested if person is not None and person.id not in skip],
        NotificationKind.NEW_COMMENT,
        title,
        link,
        actor=actor,
    )


def edit_comment(comment: Comment, by, *, body: str, subject: SubjectType, obj) -> bool:
    """Returns False when nothing changed. After the grace period the old text is kept."""
    if not can_change_comment(by, comment):
        raise OperationError(_("You cannot change this comment."), "body")
    if not subject.can_comment(by, obj):
        raise OperationError(_("Comments are closed here."), "body")
    body = _clean_body(body)
    if body == comment.body:
        return False
    now = utcnow()
    if now - comment.created_at > EDIT_GRACE:
        written_at = comment.edited_at or comment.created_at
        comment.revisions.append(
            CommentRevision(body=comment.body, written_at=written_at, replaced_at=now)
        )
        comment.edited_at = now
    comment.body = body
    db.session.flush()
    return True


def delete_comment(comment: Comment, by) -> None:
    """The text goes (its author wanted it gone); the place stays so replies keep context."""
    if not can_change_comment(by, comment):
        raise OperationError(_("You cannot delete this comment."))
    comment.deleted_at = utcnow()
    comment.body = ""
    comment.revisions.clear()
    forget_text("comment", comment.id)
    db.session.flush()
