"""Questions from the city can be translated (council/translations_content/registry.py)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from council.extensions import db
from council.referrals.models import CONTEXT_MAX, QUESTION_MAX, Referral
from council.referrals.operations import referral_url
from council.referrals.permissions import can_read_referral
from council.translations_content.registry import TextField, register_translatable

FIELDS = (
    TextField("question", _l("Question"), QUESTION_MAX, multiline=False),
    TextField("context", _l("Context"), CONTEXT_MAX, markdown=True),
)


def recent(limit: int) -> list[Referral]:
    return db.session.scalars(select(Referral).order_by(Referral.id.desc()).limit(limit)).all()


def register() -> None:
    register_translatable(
        "referral",
        label=_l("Question from the city"),
        loader=lambda referral_id: db.session.get(Referral, referral_id),
        fields=FIELDS,
        can_read=can_read_referral,
        language_of=lambda referral, field: referral.language,
        url_of=referral_url,
        title_of=lambda referral: referral.question,
        authors_of=lambda referral: [referral.referred_by_id],
        recent=recent,
    )
