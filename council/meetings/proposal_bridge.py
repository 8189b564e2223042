"""The one place where meetings and polls reach into the proposals domain.

Proposals are built on their own branch. Until they are merged, agenda items cannot point at
a proposal, so the `proposal` kind is not offered and a poll's outcome concerns no proposal.
Once merged: add `AgendaItem.proposal_id`, offer the kind, and call
`schedule_proposal` / `adopt_proposal` / `reject_proposal` from the two functions below.
"""

from council.meetings.models import AgendaItemKind
from council.recommendations.operations import create_recommendation

USABLE_KINDS = (
    AgendaItemKind.INFORMATION,
    AgendaItemKind.MINUTES_APPROVAL,
    AgendaItemKind.OTHER,
)


def available_item_kinds() -> tuple[AgendaItemKind, ...]:
    return USABLE_KINDS


def on_item_added(item, proposal, by) -> None:
    """Scheduling a proposal on an agenda moves it to `scheduled` (once proposals exist)."""


def on_poll_closed(poll, result, by) -> None:
    """An adopted poll adopts its proposal, any other outcome rejects it (once they exist)."""
    create_recommendation(getattr(poll.item, "proposal", None), result, by)  # no-op unless adopted
