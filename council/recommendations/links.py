"""Where a recommendation lives on the site (its page is public once transmitted)."""

from flask import current_app

from council.recommendations.models import Recommendation


def recommendation_url(recommendation: Recommendation) -> str:
    return f"/recommendations/{recommendation.id}"


def absolute(link: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + link
