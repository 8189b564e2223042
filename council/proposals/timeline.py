"""The public history of a proposal: its changes of state and the council's votes on it."""

from dataclasses import dataclass
from datetime import datetime

from council.meetings.queries import agenda_history
from council.proposals.models import Proposal, ProposalState


@dataclass
class Entry:
    at: datetime
    event: object = None  # a ProposalEvent
    item: object = None  # the agenda item that scheduled it (for a `scheduled` event)
    poll: object = None  # a closed poll on one of its agenda items


def proposal_timeline(proposal: Proposal) -> list[Entry]:
    items = agenda_history(proposal)
    # Each agenda item scheduled the proposal once, in the same order as the events.
    scheduling = iter(items)
    entries = []
    for event in proposal.events:
        item = None
        if event.to_state == ProposalState.SCHEDULED:
            item = next(scheduling, None)
        entries.append(Entry(at=event.at, event=event, item=item))
    for item in items:
        for poll in item.polls:
            if poll.result is not None:
                entries.append(Entry(at=poll.closed_at, poll=poll, item=item))
    # A vote and the decision it causes share their moment: the vote comes first.
    return sorted(entries, key=lambda entry: (entry.at, entry.event is not None))
