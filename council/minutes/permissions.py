"""Who may read and write minutes."""

from council.permissions import is_member, is_secretary


def sees_drafts(user) -> bool:
    """Council members and secretaries read minutes before they are published."""
    return is_member(user) or is_secretary(user)


def can_read_minutes(user, minutes) -> bool:
    return minutes is not None and (minutes.is_public or sees_drafts(user))


def can_write_minutes(user) -> bool:
    return is_secretary(user)
