"""Who may do what with meetings and votes."""

from council.permissions import is_member, is_secretary


def sees_named_votes(user) -> bool:
    """Council members see who voted what in named polls; the public sees totals only."""
    return is_member(user) or is_secretary(user)


def can_manage_meeting(user, meeting) -> bool:
    return is_secretary(user)
