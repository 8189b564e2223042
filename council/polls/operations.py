"""Poll state changes and ballots. Every one locks the poll row first, appends to the audit
chain last, flushes and never commits (the caller commits once)."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_datetime, format_time
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from council import signals
from council.audit.chain import append_event
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.meetings import queries as meetings
from council.meetings.models import AttendanceStatus, MeetingState
from council.polls import ballot_box, queries
from council.polls.locking import audit_subject, locked_poll
from council.polls.models import (
    Ballot,
    BallotCast,
    Choice,
    Majority,
    PaperTally,
    Poll,
    PollMode,
    PollState,
    Secrecy,
    VotingMethod,
)

MAX_PAPER_COUNT = 10_000


def _rule(poll: Poll) -> dict:
    return {
        "majority": poll.majority.value,
        "secrecy": poll.secrecy.value,
        "mode": poll.mode.value,
        "method": poll.method.value,
        "opens_at": poll.opens_at.isoformat() if poll.opens_at else None,
        "closes_at": poll.closes_at.isoformat() if poll.closes_at else None,
    }


# --- preparing ----------------------------------------------------------------------------


def prepare_poll(
    item,
    by,
    *,
    question: str,
    majority,
    secrecy,
    mode,
    method,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Poll:
    if not item.meeting.is_open_for_business:
        raise OperationError(
            _("Polls can only be prepared for a planned meeting or one in session.")
        )
    mode, method = PollMode(mode), VotingMethod(method)
    if mode == PollMode.ONLINE:
        if method == VotingMethod.PAPER:
            raise OperationError(_("Paper ballots are counted during the meeting only."), "method")
        if opens_at is None or closes_at is None:
            raise OperationError(
                _("An online poll needs an opening and a closing time."), "opens_at"
            )
        if closes_at <= opens_at:
            raise OperationError(_("The poll must close after it opens."), "closes_at")
        if closes_at <= utcnow():
            raise OperationError(_("The closing time has already passed."), "closes_at")
    else:
        opens_at = closes_at = None
    poll = Poll(
        item=item,
        question=question,
        majority=Majority(majority),
        secrecy=Secrecy(secrecy),
        mode=mode,
        method=method,
        opens_at=opens_at,
        closes_at=closes_at,
        prepared_by_id=by.id,
    )
    db.session.add(poll)
    db.session.flush()
    append_event("poll.prepared", audit_subject(poll), {"question": question, **_rule(poll)}, by)
    return poll


def change_poll_rule(poll: Poll, by, *, majority, secrecy) -> None:
    poll = locked_poll(poll)
    if poll.state != PollState.PREPARED:
        raise OperationError(_("The rule of a poll cannot change once it has opened."), "majority")
    poll.majority, poll.secrecy = Majority(majority), Secrecy(secrecy)
    db.session.flush()
    append_event("poll.rule_changed", audit_subject(poll), _rule(poll), by)


def open_poll(poll: Poll, by) -> None:
    poll = locked_poll(poll)
    meeting = poll.meeting
    if poll.state != PollState.PREPARED:
        raise OperationError(_("Only a prepared poll can be opened."))
    if poll.mode == PollMode.IN_MEETING and meeting.state != MeetingState.IN_SESSION:
        raise OperationError(_("A poll during the meeting opens once the session has started."))
    if poll.mode == PollMode.ONLINE and (
        not meeting.is_open_for_business or poll.closes_at <= utcnow()
    ):
        raise OperationError(_("The closing time has already passed."))
    poll.entitled_ids = [m.id for m in meetings.entitled_members(meeting)]
    poll.present_ids = meetings.present_ids(meeting) if poll.mode == PollMode.IN_MEETING else []
    poll.state, poll.opened_at = PollState.OPEN, utcnow()
    db.session.flush()
    append_event(
        "poll.opened",
        audit_subject(poll),
        {**_rule(poll), "entitled_ids": poll.entitled_ids, "present_ids": poll.present_ids},
        by,
    )
    signals.poll_opened.send(poll, by=by)


def cancel_poll(poll: Poll, by, *, reason: str) -> None:
    poll = locked_poll(poll)
    if poll.state not in (PollState.PREPARED, PollState.OPEN):
        raise OperationError(_("Only a prepared or open poll can be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("Give the reason for cancelling."), "reason")
    poll.state, poll.cancel_reason = PollState.CANCELLED, str(reason)
    db.session.flush()
    if poll.is_secret:  # its ballots are never counted: nothing of them may stay sealed
        ballot_box.discard_sealed(poll)
    append_event("poll.cancelled", audit_subject(poll), {"reason": str(reason)}, by)


# --- who may vote -------------------------------------------------------------------------


def refusal(poll: Poll, voter, member_id: int, now: datetime | None = None) -> str | None:
    """Why `voter` may not vote for `member_id` (self or proxy giver) now; None when allowed."""
    now = now or utcnow()
    if poll.state == PollState.CLOSED:
        return _("This poll is closed: your vote was not recorded.")
    if poll.state == PollState.CANCELLED:
        return _("This poll was cancelled: your vote was not recorded.")
    if poll.state != PollState.OPEN:
        return _("This poll is not open yet.")
    if poll.mode == PollMode.ONLINE and now < poll.opens_at:
        return _("Voting opens on %(when)s.", when=format_datetime(poll.opens_at, "medium"))
    if poll.mode == PollMode.ONLINE and now >= poll.closes_at:
        return _(
            "This poll closed on %(when)s: your vote was not recorded.",
            when=format_datetime(poll.closes_at, "medium"),
        )
    if poll.method == VotingMethod.PAPER:
        return _("This poll is counted on paper: there is no online ballot.")
    meeting = poll.meeting
    if voter.id not in poll.entitled_ids:
        return _("You are not a member of this meeting.")
    if member_id not in poll.entitled_ids:
        return _("You are not entitled to vote in this poll.")
    given = meetings.proxy_given_by(meeting, member_id)
    if member_id == voter.id:
        if given is not None:
            return _(
                "You gave a proxy for this meeting: %(name)s votes for you.",
                name=given.holder.display_name,
            )
    elif given is None or given.holder_id != voter.id:
        return _("You do not hold a proxy from this member.")
    if poll.mode == PollMode.IN_MEETING and voter.id not in meetings.present_ids(meeting, now):
        return _absence(meetings.attendance_of(meeting).get(voter.id), now)
    return None


def _absence(row, now: datetime) -> str:
    """Why a member not present now cannot vote in the room, in their own situation."""
    if row is not None and row.status == AttendanceStatus.EXCUSED:
        return _("You are recorded as excused: you cannot vote in this meeting.")
    if row is not None and row.left_at is not None and row.left_at <= now:
        return _(
            "You left at %(time)s: you can no longer vote in this meeting.",
            time=format_time(row.left_at, "short"),
        )
    return _("Only members recorded as present can vote during the meeting.")


def voting_rights(poll: Poll, voter) -> list[tuple[int, bool]]:
    """(member id, is a proxy) pairs `voter` may vote for now, themself first."""
    # Only an open poll takes ballots (see `refusal`): a meeting page lists every poll of its
    # agenda and should not look up proxies and presence for the closed ones.
    if not voter.is_authenticated or not poll.entitled_ids or poll.state != PollState.OPEN:
        return []
    candidates = [(voter.id, False)]
    held = meetings.proxy_held_by(poll.meeting, voter.id)
    if held is not None:
        candidates.append((held.giver_id, True))
    return [
        (member_id, is_proxy)
        for member_id, is_proxy in candidates
        if refusal(poll, voter, member_id) is None
        # A secret ballot cannot be changed: once cast, there is nothing left to offer.
        and not (poll.is_secret and queries.has_cast(poll, member_id))
    ]


# --- casting ------------------------------------------------------------------------------


@dataclass
class Cast:
    receipt: str | None = None  # secret polls: shown once, never stored with the voter
    changed: bool = False


def _upsert_ballot(poll: Poll, voter, member_id: int, choice: Choice) -> None:
    # One statement, guarded by UNIQUE(poll_id, on_behalf_of_id): never check-then-insert.
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    now = utcnow()
    statement = dialect.insert(Ballot).values(
        poll_id=poll.id, voter_id=voter.id, on_behalf_of_id=member_id, choice=choice, cast_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=["poll_id", "on_behalf_of_id"],
        set_={"choice": statement.excluded.choice, "voter_id": voter.id, "changed_at": now},
    )
    db.session.execute(statement)


def cast_ballot(poll: Poll, by, *, choice, on_behalf_of_id: int | None = None) -> Cast:
    """`by` votes for themself, or for `on_behalf_of_id` whose proxy they hold."""
    poll = locked_poll(poll)  # held until commit: a close waits for us, or we see it closed
    member_id = on_behalf_of_id or by.id
    problem = refusal(poll, by, member_id)
    if problem:
        raise OperationError(problem, "choice")
    try:
        choice = Choice(choice)
    except ValueError as error:
        raise OperationError(_("Choose for, against or abstain."), "choice") from error
    payload = {"voter_id": by.id, "on_behalf_of_id": member_id}
    if poll.is_secret:
        return _cast_secret(poll, by, member_id, choice, payload)
    previous = queries.ballot_for(poll, member_id)
    if previous is not None and previous.choice == choice and previous.voter_id == by.id:
        return Cast(changed=False)  # the same ballot sent twice: nothing to record
    _upsert_ballot(poll, by, member_id, choice)
    db.session.flush()
    kind = "ballot.changed" if previous is not None else "ballot.cast"
    append_event(kind, audit_subject(poll), {**payload, "choice": choice.value}, by)
    return Cast(changed=previous is not None)


def _cast_secret(poll: Poll, voter, member_id: int, choice: Choice, payload: dict) -> Cast:
    if db.session.get(BallotCast, (poll.id, member_id)) is not None:
        raise OperationError(
            _(
                "A ballot has already been cast for this member in this secret "
                "poll; it cannot be changed."
            ),
            "choice",
        )
    try:
        receipt = ballot_box.cast_sealed(poll, member_id, voter.id, choice)
    except IntegrityError as error:  # the UNIQUE key is the last word
        raise OperationError(
            _(
                "A ballot has already been cast for this member in this secret "
                "poll; it cannot be changed."
            ),
            "choice",
        ) from error
    # The chain records who voted, never what (docs/ballot-secrecy.md).
    append_event("ballot.cast_secret", audit_subject(poll), payload, voter)
    return Cast(receipt=receipt)


# --- paper tallies ------------------------------------------------------------------------


def paper_capacity(poll: Poll) -> int:
    """Entitled members present who did not give a proxy, plus proxies held by them."""
    meeting = poll.meeting
    present = (set(poll.present_ids or []) | set(meetings.present_ids(meeting))) & set(
        poll.entitled_ids or []
    )
    proxies = meetings.proxies_of(meeting)
    givers = {p.giver_id for p in proxies}
    held = [p for p in proxies if p.holder_id in present and p.giver_id in poll.entitled_ids]
    return len(present - givers) + len(held)


def enter_paper_tally(
    poll: Poll, by, *, votes_for: int, against: int, abstain: int, reason: str = ""
) -> PaperTally:
    poll = locked_poll(poll)
    if not poll.is_paper:
        raise OperationError(_("This poll is electronic: its totals come from the ballots."))
    if poll.state != PollState.OPEN:
        raise OperationError(_("Totals can be entered only while the poll is open."))
    counts = (votes_for, against, abstain)
    if any(not isinstance(n, int) or n < 0 or n > MAX_PAPER_COUNT for n in counts):
        raise OperationError(_("Each count must be a whole number, 0 or more."), "votes_for")
    capacity = paper_capacity(poll)
    if sum(counts) > capacity:
        raise OperationError(
            _(
                "%(total)s votes is more than the %(max)s members present who may vote (with "
                "proxies).",
                total=sum(counts),
                max=capacity,
            ),
            "votes_for",
        )
    previous = poll.current_tally
    reason = (reason or "").strip()
    if previous is not None and not reason:
        raise OperationError(_("Give the reason for correcting the totals."), "reason")
    tally = PaperTally(
        poll_id=poll.id,
        version=(previous.version + 1) if previous else 1,
        votes_for=votes_for,
        votes_against=against,
        votes_abstain=abstain,
        reason=reason or None,
        entered_by_id=by.id,
    )
    db.session.add(tally)
    db.session.flush()
    db.session.expire(poll, ["tallies"])
    kind = "tally.corrected" if previous else "tally.entered"
    append_event(
        kind,
        audit_subject(poll),
        {"for": votes_for, "against": against, "abstain": abstain, "reason": reason},
        by,
    )
    return tally
