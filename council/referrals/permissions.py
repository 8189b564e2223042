"""Who may refer questions to the council and change a referral's status."""

from council.permissions import is_admin, is_member, is_official, is_secretary
from council.referrals.models import Referral, ReferralStatus


def can_refer(user) -> bool:
    """Route gate: city officials (for their services) and admins (for any service)."""
    return is_official(user) or is_admin(user)


def can_refer_for(user, service) -> bool:
    if is_admin(user):
        return True
    return is_official(user) and any(s.id == service.id for s in user.services)


def can_settle_referrals(user) -> bool:
    """Route gate for closing or marking answered; the object check is below."""
    return is_secretary(user) or is_admin(user) or is_official(user)


def can_close_referral(user, referral: Referral) -> bool:
    if is_secretary(user) or is_admin(user):
        return True
    return can_refer_for(user, referral.service)


def can_answer_referral(user, referral: Referral) -> bool:
    # The bureau decides the council has answered (usually through an adopted proposal).
    return is_secretary(user) or is_admin(user)


def can_read_referral(user, referral: Referral) -> bool:
    return True  # referrals are public, whatever their status


def can_comment_referral(user, referral: Referral) -> bool:
    if referral.status != ReferralStatus.OPEN:
        return False
    return is_member(user) or is_secretary(user) or can_refer_for(user, referral.service)
