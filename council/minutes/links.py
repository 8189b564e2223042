"""The one place where minutes reach into proposals, referrals and recommendations.

An agenda item points at its proposal or referral (`AgendaItem.proposal` / `.referral`); an
adopted proposal's recommendation is found by `recommendation_of(proposal)`.
"""

from flask import current_app
from sqlalchemy import select

from council.extensions import db
from council.recommendations.models import Recommendation

# (attribute on AgendaItem, link kind, endpoint, URL argument, attribute giving the title)
LINKABLE = (
    ("proposal", "proposal", "proposals.show", "proposal_id", "title"),
    ("referral", "referral", "referrals.show", "referral_id", "question"),
)


def _has_endpoint(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def recommendation_of(proposal):
    """The recommendation an adopted proposal became, if any."""
    return db.session.scalar(
        select(Recommendation).where(Recommendation.proposal_id == proposal.id)
    )


def item_links(item) -> list[dict]:
    """Links of one agenda item, as plain data (stored in the frozen record at approval)."""
    links = []
    for attribute, kind, endpoint, argument, title_attribute in LINKABLE:
        target = getattr(item, attribute, None)
        if target is None or not _has_endpoint(endpoint):
            continue
        links.append(
            {
                "kind": kind,
                "endpoint": endpoint,
                "args": {argument: target.id},
                "title": str(getattr(target, title_attribute, "")),
            }
        )
        recommendation = recommendation_of(target) if kind == "proposal" else None
        if recommendation is not None and _has_endpoint("recommendations.show"):
            links.append(
                {
                    "kind": "recommendation",
                    "endpoint": "recommendations.show",
                    "args": {"recommendation_id": recommendation.id},
                    "title": str(getattr(recommendation, "title", "")),
                }
            )
    return links
