"""Template filters and the "My proposals" data for the member's page."""

from flask_login import current_user

from council.extensions import db
from council.i18n import language
from council.proposals import queries
from council.proposals.blueprint import bp
from council.proposals.labels import COAUTHOR_LABELS, draft_label
from council.proposals.models import Proposal
from council.proposals.permissions import can_view_proposal
from council.translations_content.queries import prefetch_translations


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
    mine = {
        "proposals": queries.proposals_of(current_user),
        "invitations": queries.coauthor_invitations_of(current_user),
    }
    # Their titles are shown by the language rule: the translations in one read.
    prefetch_translations("proposal", {p.id for p in [*mine["proposals"], *mine["invitations"]]})
    return mine


@bp.app_template_global("proposals_answering")
def proposals_answering(referral) -> list[Proposal]:
    """The proposals (this reader may see) that answer a question from the city."""
    rows = db.session.scalars(
        db.select(Proposal).where(Proposal.referral_id == referral.id).order_by(Proposal.id)
    )
    return [proposal for proposal in rows if can_view_proposal(current_user, proposal)]
