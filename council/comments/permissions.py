"""Who may write, change and moderate comments."""

from datetime import timedelta

from council.permissions import is_member, is_official, is_secretary

EDIT_GRACE = timedelta(minutes=15)


def can_write_comments(user) -> bool:
    """Route gate: council members (secretaries included) and city officials."""
    return is_member(user) or is_official(user) or is_secretary(user)


def can_change_comment(user, comment) -> bool:
    return bool(
        user.is_authenticated
        and comment.author_id == user.id
        and not comment.is_deleted
        and not comment.is_hidden
    )


def can_moderate(user) -> bool:
    return is_secretary(user)
