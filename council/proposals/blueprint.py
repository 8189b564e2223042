"""The proposals blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint

from council.proposals.models import ProposalState

bp = Blueprint("proposals", __name__, url_prefix="/proposals")
themes_bp = Blueprint("themes", __name__, url_prefix="/admin/themes")

DEFAULT_SETTINGS = {
    "PROPOSAL_COSIGNATURES_REQUIRED": 2,
    # From which state on a proposal is public; earlier ones are for members only.
    "PROPOSALS_PUBLIC_FROM_STATE": ProposalState.SUBMITTED.value,
}


@bp.record_once
def _default_settings(state) -> None:
    for name, value in DEFAULT_SETTINGS.items():
        state.app.config.setdefault(name, value)
