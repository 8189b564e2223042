"""Who may read, add and remove attachments: always the rule of the object they belong to."""

from council.attachments.owners import owner_object
from council.permissions import is_member, is_official, is_secretary


def may_attach_somewhere(user) -> bool:
    """Route gate for the attach and remove pages; the object decides after (can_attach)."""
    return is_member(user) or is_secretary(user) or is_official(user)


def can_read_attachment(user, attachment) -> bool:
    owner, obj = owner_object(attachment)
    return obj is not None and owner.can_read(user, obj)


def can_remove_attachment(user, attachment) -> bool:
    """Those who may attach to the object may remove its files (frozen minutes: nobody)."""
    owner, obj = owner_object(attachment)
    return obj is not None and owner.can_attach(user, obj)


def is_public_attachment(attachment) -> bool:
    owner, obj = owner_object(attachment)
    return obj is not None and owner.is_public(obj)
