"""Translated names of the proposal states and co-author statuses."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, pgettext

from council.proposals.models import CoauthorStatus, ProposalState

STATE_LABELS = {
    ProposalState.DRAFT: _l("Draft"),
    ProposalState.SUBMITTED: _l("Submitted"),
    ProposalState.SCHEDULED: _l("On a meeting agenda"),
    ProposalState.ADOPTED: lazy_pgettext("proposal", "Adopted"),
    ProposalState.REJECTED: lazy_pgettext("proposal", "Rejected"),
    ProposalState.WITHDRAWN: lazy_pgettext("proposal", "Withdrawn"),
}

COAUTHOR_LABELS = {
    CoauthorStatus.INVITED: _l("Invitation waiting for an answer"),
    CoauthorStatus.ACCEPTED: _l("Co-author"),
    CoauthorStatus.DECLINED: _l("Declined"),
}


def state_label(state: ProposalState) -> str:
    return str(STATE_LABELS[ProposalState(state)])


def draft_label(proposal) -> str:
    if proposal.is_open_for_support:
        return pgettext("proposal state", "Draft asking for support")
    return state_label(proposal.state)
