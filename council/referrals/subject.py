"""Referrals are the first commentable (and followable) subject."""

from council.comments.subjects import register_subject
from council.extensions import db
from council.referrals.models import Referral
from council.referrals.operations import referral_url
from council.referrals.permissions import can_comment_referral, can_read_referral


def register() -> None:
    register_subject(
        "referral",
        loader=lambda referral_id: db.session.get(Referral, referral_id),
        can_read=can_read_referral,
        can_comment=can_comment_referral,
        url_for_subject=referral_url,
        people_to_notify=lambda referral: [referral.referred_by],
        title_of=lambda referral: referral.question,
    )
