"""The council comments on a recommendation's responses and follow-ups, on its public page."""

from council.comments.subjects import register_subject
from council.extensions import db
from council.recommendations.links import recommendation_url
from council.recommendations.models import Recommendation
from council.recommendations.permissions import (
    can_comment_recommendation,
    can_read_recommendation,
)


def _people_to_notify(recommendation) -> list:
    return [official for service in recommendation.services for official in service.officials]


def register() -> None:
    register_subject(
        "recommendation",
        loader=lambda recommendation_id: db.session.get(Recommendation, recommendation_id),
        can_read=can_read_recommendation,
        can_comment=can_comment_recommendation,
        url_for_subject=recommendation_url,
        people_to_notify=_people_to_notify,
        title_of=lambda recommendation: recommendation.title,
    )
