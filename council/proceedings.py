"""Proceedings: what happens when a poll closes and when a meeting closes or is cancelled.

The only module that reaches across meetings, polls, minutes, proposals and recommendations.
Each domain's operations change their own rows; the order in which they follow each other is
written here, once. Every function runs in the caller's transaction (one commit per request or
cron run): all of it happens, or none of it.

    close_poll       freeze the result → decide the proposal → make the recommendation
                     → approve the minutes
    close_due_polls  the same, for online polls whose closing time has passed (cron)
    close_meeting    cancel polls not held → give back undecided proposals → close → draft minutes
    cancel_meeting   cancel its polls → give back its proposals → cancel
"""

from datetime import datetime

from flask_babel import gettext as _

from council import signals
from council.accounts.models import User
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings import proposal_bridge
from council.meetings.models import Meeting, MeetingState
from council.minutes import operations as minutes
from council.minutes.queries import minutes_approved_at
from council.polls import closing, queries
from council.polls.models import Outcome, Poll, PollResult, PollState
from council.polls.operations import cancel_poll
from council.proposals import operations as proposals
from council.recommendations.operations import create_recommendation

# --- polls --------------------------------------------------------------------------------


def close_poll(poll: Poll, by: User | None) -> PollResult:
    """Close the poll and carry its result through. `by` is None when the cron closes it.

    Only the first poll closed on a proposal decides it (later ones find it decided); void
    (no quorum) decides nothing, so the proposal is submitted again."""
    result = closing.freeze_result(poll, by)
    proposal = proposal_bridge.still_waiting_on(poll.item)
    if proposal is not None:
        actor = by or _preparer(poll)  # the proposal's history names a person
        if result.outcome == Outcome.ADOPTED:
            proposals.adopt_proposal(proposal, actor)
            create_recommendation(proposal, actor, result=result)
        elif result.outcome == Outcome.REJECTED:
            proposals.reject_proposal(proposal, actor)
        else:
            proposals.return_to_submitted(proposal, actor)
    approved = minutes_approved_at(poll.item)  # an "approval of the previous minutes" item
    if approved is not None and result.outcome == Outcome.ADOPTED:
        minutes.approve_by_vote(approved, by, poll=poll)
    signals.poll_closed.send(poll, by=by, result=result)
    return result


def close_due_polls(now: datetime | None = None) -> list[PollResult]:
    """Close online polls whose closing time has passed (run by cron)."""
    due = queries.due_poll_ids(now or utcnow())
    return [close_poll(db.session.get(Poll, poll_id), None) for poll_id in due]


def _preparer(poll: Poll) -> User | None:
    return db.session.get(User, poll.prepared_by_id) if poll.prepared_by_id else None


# --- meetings -----------------------------------------------------------------------------


def _polls_of(meeting: Meeting) -> list[Poll]:
    return [poll for item in meeting.items for poll in item.polls]


def close_meeting(meeting: Meeting, by: User) -> None:
    """Close a meeting in session: its open polls must be closed or cancelled first."""
    meetings.require_state(meeting, MeetingState.IN_SESSION)
    polls = _polls_of(meeting)
    if any(poll.state == PollState.OPEN for poll in polls):
        raise OperationError(_("Close or cancel the open polls before closing the meeting."))
    for poll in polls:
        if poll.state == PollState.PREPARED:
            cancel_poll(poll, by, reason=_("Not held: the meeting closed."))
    proposal_bridge.on_meeting_ended(meeting, by)  # proposals not decided go back
    meetings.close_meeting(meeting, by)
    draft = minutes.draft_minutes(meeting, by)  # from the record; the secretary writes the rest
    signals.meeting_closed.send(meeting, by=by, minutes=draft)


def cancel_meeting(meeting: Meeting, by: User, *, reason: str) -> None:
    meetings.require_state(meeting, MeetingState.PLANNED, MeetingState.IN_SESSION)
    if not reason.strip():
        raise OperationError(_("Give the reason for cancelling."), "reason")
    for poll in _polls_of(meeting):
        if poll.state in (PollState.PREPARED, PollState.OPEN):
            cancel_poll(poll, by, reason=_("The meeting was cancelled."))
    proposal_bridge.on_meeting_ended(meeting, by)
    meetings.cancel_meeting(meeting, by, reason=reason)
    signals.meeting_cancelled.send(meeting, by=by, reason=meeting.cancel_reason)
