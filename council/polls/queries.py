"""Read-only questions about ballots, used by meetings, polls and their pages."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from council.extensions import db
from council.meetings.models import AgendaItem, Meeting
from council.polls.models import (
    Ballot,
    BallotCast,
    Choice,
    Poll,
    PollMode,
    PollState,
    SecretBallot,
)


def _poll_ids_of(meeting):
    return select(Poll.id).join(AgendaItem).where(AgendaItem.meeting_id == meeting.id)


def member_has_voted_in_meeting(meeting, member_id: int) -> bool:
    polls = _poll_ids_of(meeting)
    named = select(Ballot.id).where(Ballot.poll_id.in_(polls), Ballot.on_behalf_of_id == member_id)
    secret = select(BallotCast.poll_id).where(
        BallotCast.poll_id.in_(polls), BallotCast.member_id == member_id
    )
    return bool(
        db.session.scalar(select(named.exists())) or db.session.scalar(select(secret.exists()))
    )


def proxy_was_used(proxy) -> bool:
    meeting = db.session.get(Meeting, proxy.meeting_id)
    return member_has_voted_in_meeting(meeting, proxy.giver_id)


def ballot_for(poll: Poll, member_id: int) -> Ballot | None:
    return db.session.scalar(
        select(Ballot).where(Ballot.poll_id == poll.id, Ballot.on_behalf_of_id == member_id)
    )


def has_cast(poll: Poll, member_id: int) -> bool:
    if poll.is_secret:
        return db.session.get(BallotCast, (poll.id, member_id)) is not None
    return ballot_for(poll, member_id) is not None


def electronic_counts(poll: Poll) -> dict[Choice, int]:
    table = SecretBallot if poll.is_secret else Ballot
    rows = db.session.execute(
        select(table.choice, func.count()).where(table.poll_id == poll.id).group_by(table.choice)
    )
    counts = dict.fromkeys(Choice, 0)
    counts.update({choice: number for choice, number in rows})
    return counts


def self_cast_member_ids(poll: Poll) -> set[int]:
    """Members who voted themselves (not through a proxy): the online quorum."""
    if poll.is_secret:
        query = select(BallotCast.member_id).where(
            BallotCast.poll_id == poll.id, BallotCast.member_id == BallotCast.voter_id
        )
    else:
        query = select(Ballot.on_behalf_of_id).where(
            Ballot.poll_id == poll.id, Ballot.on_behalf_of_id == Ballot.voter_id
        )
    return set(db.session.scalars(query))


def cast_count(poll: Poll) -> int:
    table = BallotCast if poll.is_secret else Ballot
    return db.session.scalar(
        select(func.count()).select_from(table).where(table.poll_id == poll.id)
    )


def named_ballots(poll: Poll) -> list[Ballot]:
    """Who voted what, with the voters' and the represented members' names (one query)."""
    return list(
        db.session.scalars(
            select(Ballot)
            .where(Ballot.poll_id == poll.id)
            .options(joinedload(Ballot.voter), joinedload(Ballot.on_behalf_of))
            .order_by(Ballot.on_behalf_of_id)
        )
    )


def ballots_of(poll: Poll, member_ids) -> dict[int, Ballot]:
    """The named ballots already cast for these members, by member id (one query)."""
    rows = db.session.scalars(
        select(Ballot).where(Ballot.poll_id == poll.id, Ballot.on_behalf_of_id.in_(member_ids))
    )
    return {ballot.on_behalf_of_id: ballot for ballot in rows}


def published_receipts(poll: Poll) -> list[SecretBallot]:
    return list(
        db.session.scalars(
            select(SecretBallot)
            .where(SecretBallot.poll_id == poll.id)
            .order_by(SecretBallot.receipt)
        )
    )


def polls_voter_can_see(meeting) -> list[Poll]:
    return list(
        db.session.scalars(select(Poll).where(Poll.id.in_(_poll_ids_of(meeting))).order_by(Poll.id))
    )


def due_poll_ids(now: datetime) -> list[int]:
    """Open online polls whose closing time has passed."""
    return list(
        db.session.scalars(
            select(Poll.id).where(
                Poll.state == PollState.OPEN, Poll.mode == PollMode.ONLINE, Poll.closes_at <= now
            )
        )
    )
