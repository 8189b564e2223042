"""Who may read, transmit, answer and follow up recommendations.

A service's officials act for their own services only; before transmission a recommendation is
the council's working copy, read by members and secretaries alone.
"""

from council.permissions import is_member, is_official, is_secretary


def is_official_of(user, service) -> bool:
    return bool(is_official(user) and any(s.id == service.id for s in user.services))


def can_read_recommendation(user, recommendation) -> bool:
    if recommendation.is_public:
        return True
    return is_member(user) or is_secretary(user)


def can_transmit(user) -> bool:
    """Route gate: transmission is the secretariat's explicit act."""
    return is_secretary(user)


def can_transmit_recommendation(user, recommendation) -> bool:
    return can_transmit(user) and not recommendation.is_public


def can_use_inbox(user) -> bool:
    """Route gate for the officials' inbox, responses and follow-ups."""
    return is_official(user)


def can_answer_for(user, recommendation, service) -> bool:
    """An official answers for a service of theirs that the recommendation addresses."""
    return bool(
        recommendation.is_public
        and recommendation.addresses(service)
        and is_official_of(user, service)
    )


def can_follow_up(user, commitment) -> bool:
    return commitment.dropped_in is None and is_official_of(user, commitment.response.service)


def can_comment_recommendation(user, recommendation) -> bool:
    """The council discusses the follow-up; the services addressed may speak as officials."""
    if not recommendation.is_public:
        return False
    if is_member(user) or is_secretary(user):
        return True
    return any(is_official_of(user, service) for service in recommendation.services)
