"""Recommendations, the services' responses and their follow-ups can be translated
(council/translations_content/registry.py). A recommendation starts with the translations its
proposal had when adopted; officials translate their own service's responses too."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from council.extensions import db
from council.permissions import is_member, is_secretary
from council.proposals.models import BODY_MAX, SUMMARY_MAX, TITLE_MAX
from council.recommendations.links import recommendation_url
from council.recommendations.models import FollowUp, Recommendation, Response
from council.recommendations.permissions import can_read_recommendation, is_official_of
from council.translations_content import operations as translations
from council.translations_content.registry import (
    TextField,
    register_translatable,
    translatable_kind,
)

FIELDS = (
    TextField("title", _l("Title"), TITLE_MAX, multiline=False),
    TextField("easy_read", _l("Easy-read summary"), SUMMARY_MAX, attr="summary", easy_read=True),
    TextField("body", _l("Text as adopted"), BODY_MAX, markdown=True),
)
TEXT_MAX = 20_000


def members_or_its_officials(service_of):
    """Council members translate a service's words; among officials, only that service's own
    (a translation is shown as the service's words, "translated by a city official")."""

    def translators(user, text) -> bool:
        return is_member(user) or is_secretary(user) or is_official_of(user, service_of(text))

    return translators


def carry_over_translations(recommendation: Recommendation) -> None:
    """Called once, when a proposal becomes a recommendation."""
    spec = translatable_kind("recommendation")
    if spec is not None:
        translations.copy_translations("proposal", recommendation.proposal_id, spec, recommendation)


def _recent(model, order):
    return lambda limit: db.session.scalars(select(model).order_by(order).limit(limit)).all()


def register() -> None:
    register_translatable(
        "recommendation",
        label=_l("Recommendation"),
        loader=lambda recommendation_id: db.session.get(Recommendation, recommendation_id),
        fields=FIELDS,
        can_read=can_read_recommendation,
        language_of=lambda recommendation, field: recommendation.language,
        url_of=recommendation_url,
        title_of=lambda recommendation: recommendation.title,
        authors_of=lambda r: [r.proposal.author_id] if r.proposal else [],
        recent=_recent(Recommendation, Recommendation.id.desc()),
        record_of=lambda recommendation: recommendation.frozen_french,
    )
    register_translatable(
        "response",
        label=_l("Response of a service"),
        loader=lambda response_id: db.session.get(Response, response_id),
        fields=(
            TextField(
                "justification", _l("Response"), TEXT_MAX, attr="justification_text", markdown=True
            ),
        ),  # fmt: skip
        can_read=lambda user, response: can_read_recommendation(user, response.recommendation),
        language_of=lambda response, field: response.current.language,
        url_of=lambda response: recommendation_url(response.recommendation),
        title_of=lambda response: response.recommendation.title,
        authors_of=lambda response: [v.author_id for v in response.versions],
        recent=_recent(Response, Response.id.desc()),
        translators=members_or_its_officials(lambda response: response.service),
    )
    register_translatable(
        "follow_up",
        label=_l("Follow-up"),
        loader=lambda follow_up_id: db.session.get(FollowUp, follow_up_id),
        fields=(TextField("note", _l("Follow-up"), TEXT_MAX),),
        can_read=lambda user, follow_up: can_read_recommendation(
            user, follow_up.commitment.response.recommendation
        ),
        language_of=lambda follow_up, field: follow_up.language,
        url_of=lambda f: recommendation_url(f.commitment.response.recommendation),
        title_of=lambda follow_up: follow_up.commitment.text,
        authors_of=lambda follow_up: [follow_up.author_id],
        recent=_recent(FollowUp, FollowUp.id.desc()),
        translators=members_or_its_officials(lambda f: f.commitment.response.service),
    )
