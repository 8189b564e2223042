"""What a subject page needs to show its comments: the thread and who may do what.

A thread shows its latest `PER_PAGE` top-level comments (oldest first, with their replies) and
links to the earlier ones (`?comments_before=<id>#comments`): a page with 400 comments costs
what a page with 50 does, and reads without JavaScript.
"""

from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.orm import selectinload

from council.comments.forms import comment_form
from council.comments.models import Comment
from council.comments.permissions import can_change_comment, can_write_comments
from council.comments.subjects import subject_type
from council.extensions import db
from council.input_guard import query_int
from council.translations_content.queries import prefetch_translations


@dataclass
class Branch:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


PER_PAGE = 50


@dataclass
class Thread:
    kind: str
    subject_id: int
    branches: list[Branch]
    can_comment: bool
    form: object | None
    count: int = 0  # visible comments of the whole thread, replies included
    earlier: int | None = None  # `comments_before` of the page of earlier comments
    is_latest: bool = True  # this page holds the latest comments


def _of_subject(kind: str, subject_id: int):
    return (Comment.subject_kind == kind, Comment.subject_id == subject_id)


def _position(comment_id: int):
    return tuple_(
        select(Comment.created_at).where(Comment.id == comment_id).scalar_subquery(), comment_id
    )


def top_level_page(kind: str, subject_id: int, before: int | None) -> tuple[list[int], bool]:
    """The ids of a page of top-level comments (the latest ones, or those before `before`),
    oldest first, and whether earlier ones exist."""
    query = select(Comment.id).where(*_of_subject(kind, subject_id), Comment.parent_id.is_(None))
    if before:
        query = query.where(tuple_(Comment.created_at, Comment.id) < _position(before))
    ids = db.session.scalars(
        query.order_by(Comment.created_at.desc(), Comment.id.desc()).limit(PER_PAGE + 1)
    ).all()
    return list(reversed(ids[:PER_PAGE])), len(ids) > PER_PAGE


def comments_of(ids: list[int]) -> list[Comment]:
    """These top-level comments and their replies, in the order of the conversation."""
    if not ids:
        return []
    return db.session.scalars(
        select(Comment)
        .where(or_(Comment.id.in_(ids), Comment.parent_id.in_(ids)))
        .options(selectinload(Comment.revisions))
        .order_by(Comment.created_at, Comment.id)
    ).all()


def visible_count(kind: str, subject_id: int) -> int:
    return db.session.scalar(
        select(func.count(Comment.id)).where(
            *_of_subject(kind, subject_id),
            Comment.deleted_at.is_(None),
            Comment.hidden_at.is_(None),
        )
    )


def page_args(comment: Comment) -> dict:
    """The URL arguments of the thread page that shows `comment` (none: the latest page)."""
    top = comment.parent_id or comment.id
    later = db.session.scalar(
        select(Comment.id)
        .where(*_of_subject(comment.subject_kind, comment.subject_id), Comment.parent_id.is_(None))
        .where(tuple_(Comment.created_at, Comment.id) > _position(top))
        .order_by(Comment.created_at, Comment.id)
        .offset(PER_PAGE - 1)
        .limit(1)
    )
    return {"comments_before": later} if later else {}


def comment_thread(kind: str, obj) -> Thread:
    subject = subject_type(kind)
    branches: dict[int, Branch] = {}
    before = query_int("comments_before")
    ids, has_earlier = top_level_page(kind, obj.id, before)
    comments = comments_of(ids)
    prefetch_translations("comment", [comment.id for comment in comments])
    for comment in comments:
        if comment.parent_id is None:
            branches[comment.id] = Branch(comment)
        elif comment.parent_id in branches:
            branches[comment.parent_id].replies.append(comment)
    allowed = bool(can_write_comments(current_user) and subject.can_comment(current_user, obj))
    form = comment_form(current_user, str(get_locale())) if allowed else None
    return Thread(
        kind, obj.id, list(branches.values()), allowed, form,
        count=visible_count(kind, obj.id),
        earlier=ids[0] if has_earlier else None,
        is_latest=before is None,
    )  # fmt: skip


def may_change(comment: Comment) -> bool:
    return can_change_comment(current_user, comment)
