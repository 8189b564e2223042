"""What a subject page needs to show its comments: the thread and who may do what."""

from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from council.comments.forms import comment_form
from council.comments.models import Comment
from council.comments.permissions import can_change_comment, can_write_comments
from council.comments.subjects import subject_type
from council.extensions import db
from council.translations_content.queries import prefetch_translations


@dataclass
class Branch:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


@dataclass
class Thread:
    kind: str
    subject_id: int
    branches: list[Branch]
    can_comment: bool
    form: object | None

    @property
    def count(self) -> int:
        return sum(
            comment.is_visible
            for branch in self.branches
            for comment in (branch.comment, *branch.replies)
        )


def comments_of(kind: str, subject_id: int) -> list[Comment]:
    return db.session.scalars(
        select(Comment)
        .where(Comment.subject_kind == kind, Comment.subject_id == subject_id)
        .options(selectinload(Comment.revisions))
        .order_by(Comment.created_at, Comment.id)
    ).all()


def comment_thread(kind: str, obj) -> Thread:
    subject = subject_type(kind)
    branches: dict[int, Branch] = {}
    comments = comments_of(kind, obj.id)
    prefetch_translations("comment", [comment.id for comment in comments])
    for comment in comments:
        if comment.parent_id is None:
            branches[comment.id] = Branch(comment)
        elif comment.parent_id in branches:
            branches[comment.parent_id].replies.append(comment)
    allowed = bool(can_write_comments(current_user) and subject.can_comment(current_user, obj))
    form = comment_form(current_user, str(get_locale())) if allowed else None
    return Thread(kind, obj.id, list(branches.values()), allowed, form)


def may_change(comment: Comment) -> bool:
    return can_change_comment(current_user, comment)
