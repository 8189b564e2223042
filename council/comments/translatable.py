"""Comments can be translated (council/translations_content/registry.py). A comment is readable
when it is visible and the page it belongs to is readable."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from council.comments.models import BODY_MAX, Comment
from council.comments.subjects import subject_type
from council.extensions import db
from council.i18n import DEFAULT_LOCALE, normalise
from council.translations_content.registry import TextField, register_translatable

FIELDS = (TextField("body", _l("Comment"), BODY_MAX, markdown=True),)


def can_read_comment(user, comment: Comment) -> bool:
    if not comment.is_visible:
        return False
    subject = subject_type(comment.subject_kind)
    obj = subject.loader(comment.subject_id) if subject else None
    return obj is not None and subject.can_read(user, obj)


def comment_language(comment: Comment, field: str = "body") -> str:
    """Older comments may lack a language: their author's language is the best guess."""
    author_locale = comment.author.locale if comment.author else None
    return normalise(comment.language) or normalise(author_locale) or DEFAULT_LOCALE


def comment_url(comment: Comment) -> str:
    subject = subject_type(comment.subject_kind)
    return f"{subject.url_for_subject(subject.loader(comment.subject_id))}#{comment.anchor}"


def recent(limit: int) -> list[Comment]:
    return db.session.scalars(
        select(Comment)
        .where(Comment.deleted_at.is_(None), Comment.hidden_at.is_(None))
        .order_by(Comment.id.desc())
        .limit(limit)
    ).all()


def register() -> None:
    register_translatable(
        "comment",
        label=_l("Comment"),
        loader=lambda comment_id: db.session.get(Comment, comment_id),
        fields=FIELDS,
        can_read=can_read_comment,
        language_of=comment_language,
        url_of=comment_url,
        title_of=lambda comment: comment.body,
        authors_of=lambda comment: [comment.author_id],
        recent=recent,
    )
