"""Proposals are commentable and followable subjects (see council/comments/subjects.py)."""

from council.comments.subjects import register_subject
from council.extensions import db
from council.permissions import is_member, is_official, is_secretary
from council.proposals.models import Proposal, ProposalState
from council.proposals.operations import proposal_link
from council.proposals.permissions import can_view_proposal

# Debate happens while the council can still act on the text: before that it is a draft
# (its authors gather co-signatures), after that the vote has spoken.
COMMENTABLE_STATES = {ProposalState.SUBMITTED, ProposalState.SCHEDULED}


def can_comment_proposal(user, proposal: Proposal) -> bool:
    if proposal.state not in COMMENTABLE_STATES or not can_view_proposal(user, proposal):
        return False
    return is_member(user) or is_secretary(user) or is_official(user)


def authors_of(proposal: Proposal) -> list:
    return [proposal.author, *(row.user for row in proposal.confirmed_coauthors)]


def register() -> None:
    register_subject(
        "proposal",
        loader=lambda proposal_id: db.session.get(Proposal, proposal_id),
        can_read=can_view_proposal,
        can_comment=can_comment_proposal,
        url_for_subject=proposal_link,
        people_to_notify=authors_of,
        title_of=lambda proposal: proposal.title,
    )
