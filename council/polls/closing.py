"""Closing a poll: compute the result once, freeze it, and publish secret receipts.

What the result then means for a proposal, a recommendation or minutes is not decided here:
`council.proceedings.close_poll` calls `freeze_result` first, then carries the result on."""

from flask_babel import gettext as _

from council.audit.chain import append_event
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.meetings import queries as meetings
from council.polls import ballot_box, queries, rules
from council.polls.locking import audit_subject, locked_poll
from council.polls.models import (
    Choice,
    Poll,
    PollMode,
    PollResult,
    PollState,
)
from council.quorum import quorum_needed


def _counts(poll: Poll) -> tuple[int, int, int]:
    if poll.is_paper:
        tally = poll.current_tally
        return tally.votes_for, tally.votes_against, tally.votes_abstain
    counts = queries.electronic_counts(poll)
    return counts[Choice.FOR], counts[Choice.AGAINST], counts[Choice.ABSTAIN]


def freeze_result(poll: Poll, by) -> PollResult:
    """Close the poll and store its result, once (`by` is None when the cron closes it)."""
    poll = locked_poll(poll)  # waits for ballots being cast; later ones see it closed
    if poll.state != PollState.OPEN:
        raise OperationError(_("Only an open poll can be closed."))
    if poll.is_paper and poll.current_tally is None:
        raise OperationError(_("Enter the paper totals before closing the poll."))
    if poll.is_secret and not poll.is_paper:
        ballot_box.open_ballot_box(poll)  # refuses, changing nothing, if the box was altered
    votes_for, against, abstain = _counts(poll)
    entitled = list(poll.entitled_ids)
    if poll.mode == PollMode.IN_MEETING:
        quorum_count = len(set(poll.present_ids) & set(entitled))
    else:
        quorum_count = len(queries.self_cast_member_ids(poll) & set(entitled))
    reached, outcome = rules.outcome(poll.majority, votes_for, against, len(entitled), quorum_count)
    proxies = meetings.proxies_of(poll.meeting)
    poll.state, poll.closed_at = PollState.CLOSED, utcnow()
    db.session.flush()
    payload = {
        "for": votes_for,
        "against": against,
        "abstain": abstain,
        "outcome": outcome.value,
        "quorum_count": quorum_count,
        "members_in_office": len(entitled),
    }
    if poll.is_secret and not poll.is_paper:
        box = [(r.receipt, r.choice) for r in queries.published_receipts(poll)]
        payload["receipts_sha256"] = ballot_box.receipts_digest(box)
    event = append_event("poll.closed", audit_subject(poll), payload, by)
    result = PollResult(
        poll_id=poll.id,
        votes_for=votes_for,
        votes_against=against,
        votes_abstain=abstain,
        majority=poll.majority,
        secrecy=poll.secrecy,
        mode=poll.mode,
        method=poll.method,
        members_in_office=len(entitled),
        quorum_needed=quorum_needed(len(entitled)),
        quorum_count=quorum_count,
        quorum_reached=reached,
        outcome=outcome,
        entitled_ids=entitled,
        present_ids=list(poll.present_ids or []),
        proxies=[[p.giver_id, p.holder_id] for p in proxies],
        audit_head=event.hash,
    )
    db.session.add(result)
    db.session.flush()
    return result
