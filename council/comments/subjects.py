"""The kinds of things people may comment on (and follow). Each domain registers its own.

    register_subject("referral", loader=lambda id: db.session.get(Referral, id),
                     can_read=..., can_comment=..., url_for_subject=...,
                     people_to_notify=..., title_of=lambda r: r.question)

`can_read(user, obj)` and `can_comment(user, obj)` take the current user (maybe anonymous);
`people_to_notify(obj)` lists who hears about a new comment (e.g. a proposal's authors).
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort


@dataclass(frozen=True)
class SubjectType:
    kind: str
    loader: Callable[[int], object | None]
    can_read: Callable[[object, object], bool]
    can_comment: Callable[[object, object], bool]
    url_for_subject: Callable[[object], str]
    people_to_notify: Callable[[object], list]
    title_of: Callable[[object], str]


_REGISTRY: dict[str, SubjectType] = {}


def register_subject(
    kind: str,
    loader,
    can_read,
    can_comment,
    url_for_subject,
    people_to_notify,
    title_of=str,
) -> None:
    _REGISTRY[kind] = SubjectType(
        kind, loader, can_read, can_comment, url_for_subject, people_to_notify, title_of
    )


def subject_type(kind: str) -> SubjectType | None:
    return _REGISTRY.get(kind)


def registered_kinds() -> list[str]:
    return sorted(_REGISTRY)


def load_readable_subject(kind: str, subject_id: int, user):
    """(type, object) for a URL, or 404 for an unknown kind, id or an object this person
    may not read (hiding that it exists, as a missing page would)."""
    subject = subject_type(kind)
    if subject is None:
        abort(404)
    obj = subject.loader(subject_id)
    if obj is None or not subject.can_read(user, obj):
        abort(404)
    return subject, obj
