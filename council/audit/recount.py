"""What the chain vouches for: every poll recounted from its ballots and from the chain's
events, and both compared with the frozen result (`flask audit verify`).

The hash chain alone proves that no event was edited in place. This proves that the tables
agree with it: a choice flipped in `ballots`, a secret ballot deleted, a frozen count raised,
a ballot without its event or an event without its ballot. Each problem names its poll.

A secret poll has, by design, no event per choice: its ballot box is checked by counts (as many
ballots as "has voted" rows and "ballot.cast_secret" events) and against the receipts hash that
the closing event recorded.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from council.audit.models import AuditEvent
from council.extensions import db
from council.polls import rules
from council.polls.ballot_box import receipts_digest
from council.polls.models import (
    Ballot,
    BallotCast,
    Choice,
    Poll,
    PollMode,
    PollState,
    SealedBallot,
    SecretBallot,
)

CHOICES = (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN)


def _show(counts: tuple[int, int, int]) -> str:
    return "for={} against={} abstain={}".format(*counts)


def _tally(choices) -> tuple[int, int, int]:
    counted = Counter(Choice(choice) for choice in choices)
    return tuple(counted[choice] for choice in CHOICES)


def _from_payload(payload: dict) -> tuple[int, int, int]:
    return (payload.get("for"), payload.get("against"), payload.get("abstain"))


@dataclass
class PollCheck:
    """The recount of one poll: what its rows say, what its events say, what went wrong."""

    poll: Poll
    events: list[AuditEvent]
    problems: list[str] = field(default_factory=list)
    self_voters: set[int] = field(default_factory=set)  # online quorum, from the chain

    def problem(self, text: str) -> None:
        self.problems.append(f"poll {self.poll.id}: {text}")

    def of_kind(self, *kinds: str) -> list[AuditEvent]:
        return [event for event in self.events if event.kind in kinds]


def _named(check: PollCheck) -> tuple[tuple, tuple]:
    """Replay ballot.cast/ballot.changed; every row must be its member's last event."""
    poll = check.poll
    from_chain: dict[int, tuple[int, str]] = {}
    for event in check.of_kind("ballot.cast", "ballot.changed"):
        payload = event.payload
        from_chain[payload.get("on_behalf_of_id")] = (payload.get("voter_id"), payload["choice"])
    rows = {
        member: (voter, choice.value)
        for member, voter, choice in db.session.execute(
            select(Ballot.on_behalf_of_id, Ballot.voter_id, Ballot.choice).where(
                Ballot.poll_id == poll.id
            )
        )
    }
    for member in sorted(rows.keys() - from_chain.keys()):
        check.problem(f"the ballot of member {member} has no event in the audit chain")
    for member in sorted(from_chain.keys() - rows.keys()):
        check.problem(f"the audit chain records a ballot of member {member} missing from ballots")
    for member in sorted(rows.keys() & from_chain.keys()):
        if rows[member] != from_chain[member]:
            check.problem(
                f"the ballot of member {member} says {rows[member][1]} (cast by member "
                f"{rows[member][0]}), the audit chain says {from_chain[member][1]} (cast by "
                f"member {from_chain[member][0]})"
            )
    check.self_voters = {member for member, (voter, _) in from_chain.items() if member == voter}
    return (
        _tally(choice for _, choice in rows.values()),
        _tally(choice for _, choice in from_chain.values()),
    )


def _secret(check: PollCheck, closing: AuditEvent | None) -> tuple[tuple, tuple | None]:
    """Who voted is checked member by member; what was chosen, by counts and receipts hash."""
    poll = check.poll
    cast_events = check.of_kind("ballot.cast_secret")
    from_chain = Counter(event.payload.get("on_behalf_of_id") for event in cast_events)
    casts = dict(
        db.session.execute(
            select(BallotCast.member_id, BallotCast.voter_id).where(BallotCast.poll_id == poll.id)
        ).all()
    )
    for member in sorted(casts.keys() - from_chain.keys()):
        check.problem(f"member {member} is recorded as having voted, with no event in the chain")
    for member in sorted(from_chain.keys() - casts.keys()):
        check.problem(f"the audit chain says member {member} voted; the database has no record")
    for member, times in sorted(from_chain.items()):
        if times > 1:
            check.problem(f"the audit chain records {times} secret ballots for member {member}")
    check.self_voters = {
        event.payload.get("on_behalf_of_id")
        for event in cast_events
        if event.payload.get("on_behalf_of_id") == event.payload.get("voter_id")
    }
    box = db.session.execute(
        select(SecretBallot.receipt, SecretBallot.choice).where(SecretBallot.poll_id == poll.id)
    ).all()
    sealed = db.session.scalars(
        select(SealedBallot.id).where(SealedBallot.poll_id == poll.id)
    ).all()
    if poll.state != PollState.CLOSED:
        if box:
            check.problem(f"{len(box)} ballots are in the box before the close")
        if poll.state == PollState.CANCELLED:
            if sealed:  # discarded unopened by the cancellation
                check.problem(f"cancelled, and still holds {len(sealed)} sealed ballots")
        elif len(sealed) != len(cast_events):
            check.problem(
                f"{len(sealed)} sealed ballots for {len(cast_events)} ballots in the audit chain"
            )
        return (0, 0, 0), None
    if sealed:
        check.problem(f"{len(sealed)} sealed ballots were left after the close")
    if len(box) != len(cast_events):
        check.problem(
            f"the ballot box holds {len(box)} ballots, the audit chain records "
            f"{len(cast_events)} secret ballots"
        )
    if closing is not None and closing.payload.get("receipts_sha256") != receipts_digest(box):
        check.problem("the ballot box does not match the receipts hash recorded at its close")
    # No event carries a choice: the chain's counts are those its closing event recorded.
    return _tally(choice for _, choice in box), None


def _paper(check: PollCheck) -> tuple[tuple, tuple | None]:
    poll = check.poll
    tally = poll.current_tally
    entered = check.of_kind("tally.entered", "tally.corrected")
    rows = (tally.votes_for, tally.votes_against, tally.votes_abstain) if tally else (0, 0, 0)
    if len(entered) != len(poll.tallies):
        check.problem(
            f"{len(poll.tallies)} paper tallies in the database, {len(entered)} in the audit chain"
        )
    chain = _from_payload(entered[-1].payload) if entered else (0, 0, 0)
    if rows != chain:
        check.problem(f"the paper tally says {_show(rows)}, the audit chain says {_show(chain)}")
    return rows, chain


def _compare_with_result(check: PollCheck, counts, chain_counts, closing) -> None:
    poll, result = check.poll, check.poll.result
    frozen = (result.votes_for, result.votes_against, result.votes_abstain)
    if counts != frozen:
        check.problem(f"the frozen result says {_show(frozen)}, the ballots count {_show(counts)}")
    if chain_counts is not None and chain_counts != frozen:
        check.problem(
            f"the frozen result says {_show(frozen)}, the audit chain counts {_show(chain_counts)}"
        )
    if closing is None:
        return
    if _from_payload(closing.payload) != frozen:
        check.problem(
            f"the frozen result says {_show(frozen)}, its closing event says "
            f"{_show(_from_payload(closing.payload))}"
        )
    if result.audit_head != closing.hash:
        check.problem("the frozen result does not name its closing event as the chain head")
    entitled = set(result.entitled_ids)
    if poll.mode == PollMode.IN_MEETING:
        quorum_count = len(set(result.present_ids) & entitled)
    else:  # online: the members who voted themselves, as the chain tells
        quorum_count = len(check.self_voters & entitled)
    reached, outcome = rules.outcome(
        result.majority, frozen[0], frozen[1], len(entitled), quorum_count
    )
    if (result.quorum_count, result.quorum_reached, result.outcome) != (
        quorum_count,
        reached,
        outcome,
    ) or result.members_in_office != len(entitled):
        check.problem(
            f"the frozen outcome ({result.outcome.value}, quorum {result.quorum_count}) does not "
            f"follow from its counts and rule ({outcome.value}, quorum {quorum_count})"
        )


def check_poll(poll: Poll, events: list[AuditEvent]) -> list[str]:
    check = PollCheck(poll, events)
    closings = check.of_kind("poll.closed")
    closing = closings[-1] if closings else None
    if poll.state == PollState.CLOSED and len(closings) != 1:
        check.problem(f"closed, with {len(closings)} closing events in the audit chain")
    if poll.state != PollState.CLOSED and closings:
        check.problem(f"the audit chain says it closed, the database says {poll.state.value}")
    if poll.state == PollState.CLOSED and poll.result is None:
        check.problem("closed without a frozen result")
    if poll.state != PollState.CLOSED and poll.result is not None:
        check.problem(f"a frozen result exists, but the poll is {poll.state.value}")
    if poll.is_paper:
        counts, chain_counts = _paper(check)
    elif poll.is_secret:
        counts, chain_counts = _secret(check, closing)
    else:
        counts, chain_counts = _named(check)
    if poll.state == PollState.CLOSED and poll.result is not None:
        _compare_with_result(check, counts, chain_counts, closing)
    return check.problems


def events_by_poll() -> dict[int, list[AuditEvent]]:
    grouped: dict[int, list[AuditEvent]] = defaultdict(list)
    query = select(AuditEvent).where(AuditEvent.subject.like("poll:%")).order_by(AuditEvent.seq)
    for event in db.session.scalars(query):
        number = event.subject.partition(":")[2]
        if number.isdigit():
            grouped[int(number)].append(event)
    return grouped


def recount_polls() -> tuple[int, list[str]]:
    """(polls checked, problems) over every poll and every poll named in the chain."""
    grouped = events_by_poll()
    problems: list[str] = []
    polls = db.session.scalars(select(Poll).order_by(Poll.id)).all()
    for poll in polls:
        problems += check_poll(poll, grouped.pop(poll.id, []))
    for poll_id in sorted(grouped):
        problems.append(f"poll {poll_id}: the audit chain has its events, the poll is missing")
    return len(polls), problems
