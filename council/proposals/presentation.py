"""Template filters and the "My proposals" data for the member's page."""

from flask_login import current_user

from council.i18n import language
from council.proposals import bp, queries
from council.proposals.labels import COAUTHOR_LABELS, draft_label


@bp.app_template_filter("proposal_state")
def proposal_state(proposal) -> str:
    return draft_label(proposal)


@bp.app_template_filter("coauthor_status")
def coauthor_status(status) -> str:
    return str(COAUTHOR_LABELS[status])


@bp.app_template_filter("html_lang")
def html_lang(code: str) -> str:
    return language(code).html_lang


@bp.app_template_filter("text_direction")
def text_direction(code: str) -> str:
    return language(code).direction


@bp.app_template_global("proposals_for_home")
def proposals_for_home() -> dict:
    if not current_user.is_authenticated:
        return {"proposals": [], "invitations": []}
    return {
        "proposals": queries.proposals_of(current_user),
        "invitations": queries.coauthor_invitations_of(current_user),
    }
