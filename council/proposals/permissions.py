"""Who may do what with a proposal. Each predicate answers for one person and one proposal.

"Authors" are the person who wrote the draft (the lead author) and the co-authors who accepted.
Only the lead author decides on the proposal's path (ask for support, invite co-authors,
submit, withdraw); every author may edit the text.
"""

from flask import current_app

from council.permissions import is_member, is_secretary
from council.proposals.models import CoauthorStatus, Proposal, ProposalState

EDITABLE_STATES = {ProposalState.DRAFT, ProposalState.SUBMITTED}
SUPPORTABLE_STATES = {ProposalState.DRAFT, ProposalState.SUBMITTED}
PUBLIC_FROM_DEFAULT = ProposalState.SUBMITTED


def public_from_state() -> ProposalState:
    return ProposalState(current_app.config["PROPOSALS_PUBLIC_FROM_STATE"])


def is_public(proposal: Proposal) -> bool:
    return proposal.reached_rank >= public_from_state().rank


def is_lead_author(user, proposal: Proposal) -> bool:
    return bool(user.is_authenticated and proposal.author_id == user.id)


def is_author(user, proposal: Proposal) -> bool:
    if is_lead_author(user, proposal):
        return True
    row = proposal.coauthor_row(user) if user.is_authenticated else None
    return row is not None and row.status == CoauthorStatus.ACCEPTED


def is_invited_coauthor(user, proposal: Proposal) -> bool:
    row = proposal.coauthor_row(user) if user.is_authenticated else None
    return row is not None and row.status == CoauthorStatus.INVITED


def can_view_proposal(user, proposal: Proposal) -> bool:
    if is_public(proposal) or is_author(user, proposal) or is_invited_coauthor(user, proposal):
        return True
    # A draft opened for support (and anything past it) is shown to members, not the public.
    return is_member(user) and (proposal.support_opened_at is not None or proposal.reached_rank > 0)


def can_edit_proposal(user, proposal: Proposal) -> bool:
    return is_member(user) and is_author(user, proposal) and proposal.state in EDITABLE_STATES


def can_manage_proposal(user, proposal: Proposal) -> bool:
    """Ask for support, invite co-authors, submit, withdraw: the lead author's decisions."""
    return is_member(user) and is_lead_author(user, proposal)


def can_submit_proposal(user, proposal: Proposal) -> bool:
    return can_manage_proposal(user, proposal)


def can_withdraw_proposal(user, proposal: Proposal) -> bool:
    return can_manage_proposal(user, proposal)


def can_invite_coauthor(user, proposal: Proposal) -> bool:
    return can_manage_proposal(user, proposal) and proposal.state in EDITABLE_STATES


def can_respond_to_coauthorship(user, proposal: Proposal) -> bool:
    return is_member(user) and is_invited_coauthor(user, proposal)


def can_cosign_proposal(user, proposal: Proposal) -> bool:
    """Members support someone else's proposal; authors (even invited ones) cannot."""
    return (
        is_member(user)
        and not is_author(user, proposal)
        and not is_invited_coauthor(user, proposal)
        and can_view_proposal(user, proposal)
    )


def can_schedule_proposal(user, proposal: Proposal) -> bool:
    return is_secretary(user)


def can_decide_proposal(user, proposal: Proposal) -> bool:
    """Record the outcome of the council's vote (adopted or rejected)."""
    return is_secretary(user)


def can_view_revisions(user, proposal: Proposal) -> bool:
    return can_view_proposal(user, proposal)
