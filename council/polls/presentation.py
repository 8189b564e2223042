"""What a poll means, in words, for the meeting and poll pages."""

from flask_babel import gettext as _
from flask_login import current_user

from council.polls.models import Outcome, PollState
from council.proposals.permissions import can_view_proposal


def poll_decision(poll) -> str | None:
    """What the poll means for its proposal, in one sentence (None for other items)."""
    proposal = poll.item.proposal
    if proposal is None:
        return None
    title = proposal.title if can_view_proposal(current_user, proposal) else ""
    if poll.state != PollState.CLOSED or poll.result is None:
        return _("This vote decides on the proposal “%(title)s”.", title=title)
    outcome = poll.result.outcome
    if outcome == Outcome.ADOPTED:
        return _("The proposal “%(title)s” is adopted.", title=title)
    if outcome == Outcome.REJECTED:
        return _("The proposal “%(title)s” is rejected.", title=title)
    return _(
        "The vote is void (no quorum): no decision was taken, so the proposal “%(title)s” "
        "is submitted again and can be put on another agenda.",
        title=title,
    )
