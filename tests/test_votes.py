"""Ballots: who may vote, once; proxies; secret ballots with receipts; paper tallies; frozen
rules. Bad input is refused with a clear message and changes nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from council import proceedings
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.meetings import operations as meetings
from council.polls import operations as polls
from council.polls.models import (
    Ballot,
    BallotCast,
    Choice,
    Majority,
    PaperTally,
    Poll,
    PollState,
    SealedBallot,
    SecretBallot,
)
from council.roles import Role
from tests.meeting_helpers import new_meeting, new_poll, open_poll, session_with


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def refused(message, action):
    with pytest.raises(OperationError, match=message):
        action()
    db.session.rollback()


def test_named_ballot_can_change_until_close_and_stays_one_row(make_user):
    secretary, people, meeting = session_with(make_user, members=2)
    poll = open_poll(meeting, secretary)
    assert not polls.cast_ballot(poll, people[0], choice="for").changed
    assert polls.cast_ballot(poll, people[0], choice="against").changed
    db.session.commit()
    assert count(Ballot) == 1
    assert db.session.scalar(select(Ballot.choice)) == Choice.AGAINST
    proceedings.close_poll(poll, secretary)
    db.session.commit()
    refused("closed", lambda: polls.cast_ballot(poll, people[0], choice="for"))
    assert db.session.scalar(select(Ballot.choice)) == Choice.AGAINST


def test_who_may_not_vote(make_user):
    secretary, people, meeting = session_with(
        make_user, members=4, present=lambda everyone: everyone[:4]
    )
    outsider = make_user(Role.OFFICIAL, email="official@example.org")
    meetings.give_proxy(meeting, secretary, giver=people[0], holder=people[1])
    db.session.commit()
    poll = open_poll(meeting, secretary)
    refused("not a member of this meeting", lambda: polls.cast_ballot(poll, outsider, choice="for"))
    refused("You gave a proxy", lambda: polls.cast_ballot(poll, people[0], choice="for"))
    refused(
        "Only members recorded as present", lambda: polls.cast_ballot(poll, people[3], choice="for")
    )  # absent
    refused(
        "do not hold a proxy",
        lambda: polls.cast_ballot(poll, people[2], choice="for", on_behalf_of_id=people[1].id),
    )
    refused(
        "Choose for, against or abstain", lambda: polls.cast_ballot(poll, people[2], choice="maybe")
    )
    refused("does not exist", lambda: polls.cast_ballot(Poll(id=987654), people[2], choice="for"))
    assert count(Ballot) == 0
    # The holder votes for themself and, separately, for the giver.
    polls.cast_ballot(poll, people[1], choice="for")
    polls.cast_ballot(poll, people[1], choice="against", on_behalf_of_id=people[0].id)
    db.session.commit()
    rows = {b.on_behalf_of_id: (b.voter_id, b.choice) for b in db.session.scalars(select(Ballot))}
    assert rows == {
        people[1].id: (people[1].id, Choice.FOR),
        people[0].id: (people[1].id, Choice.AGAINST),
    }


def test_member_who_left_early_cannot_vote_any_more(make_user):
    secretary, people, meeting = session_with(make_user, members=2)
    poll = open_poll(meeting, secretary)
    meetings.record_attendance(
        meeting,
        secretary,
        member=people[0],
        status="present",
        left_at=utcnow() - timedelta(minutes=1),
    )
    db.session.commit()
    refused("You left at", lambda: polls.cast_ballot(poll, people[0], choice="for"))


def test_proxy_rules(make_user):
    secretary, people, meeting = session_with(make_user, members=4)
    meetings.give_proxy(meeting, secretary, giver=people[0], holder=people[1])
    db.session.commit()
    refused(
        "already been given",
        lambda: meetings.give_proxy(meeting, secretary, giver=people[0], holder=people[2]),
    )
    refused(
        "already holds a proxy",
        lambda: meetings.give_proxy(meeting, secretary, giver=people[2], holder=people[1]),
    )
    refused(
        "cannot be passed on",
        lambda: meetings.give_proxy(meeting, secretary, giver=people[1], holder=people[2]),
    )
    refused(
        "another member",
        lambda: meetings.give_proxy(meeting, secretary, giver=people[2], holder=people[2]),
    )
    assert count(meetings.Proxy) == 1


def test_secret_ballot_keeps_who_apart_from_what(make_user):
    secretary, people, meeting = session_with(make_user, members=3)
    meetings.give_proxy(meeting, secretary, giver=people[2], holder=people[1])
    db.session.commit()
    poll = open_poll(meeting, secretary, secrecy="secret")
    receipt = polls.cast_ballot(poll, people[0], choice="for").receipt
    proxy_receipt = polls.cast_ballot(
        poll, people[1], choice="against", on_behalf_of_id=people[2].id
    ).receipt
    db.session.commit()
    assert receipt and proxy_receipt and receipt != proxy_receipt
    # Voting twice (also for a proxy) is refused; nothing changes.
    refused("cannot be changed", lambda: polls.cast_ballot(poll, people[0], choice="against"))
    refused(
        "cannot be changed",
        lambda: polls.cast_ballot(poll, people[1], choice="for", on_behalf_of_id=people[2].id),
    )
    # While open, the choices are sealed: the ballot box stays empty until the close.
    assert count(BallotCast) == 2 and count(SealedBallot) == 2
    assert count(SecretBallot) == 0 and count(Ballot) == 0
    # No column of either table can be used to line them up.
    assert set(BallotCast.__table__.columns.keys()) == {"poll_id", "member_id", "voter_id"}
    assert set(SecretBallot.__table__.columns.keys()) == {"receipt", "poll_id", "choice"}
    assert set(SealedBallot.__table__.columns.keys()) == {"id", "poll_id", "sealed"}
    result = proceedings.close_poll(poll, secretary)
    db.session.commit()
    assert (result.votes_for, result.votes_against) == (1, 1)
    published = {b.receipt: b.choice for b in db.session.scalars(select(SecretBallot))}
    assert published == {receipt: Choice.FOR, proxy_receipt: Choice.AGAINST}
    assert count(SealedBallot) == 0


def test_rule_and_secrecy_are_frozen_once_open(make_user):
    secretary, people, meeting = session_with(make_user, members=2)
    prepared = new_poll(meeting, secretary)
    polls.change_poll_rule(prepared, secretary, majority="two_thirds", secrecy="secret")
    db.session.commit()
    assert (prepared.majority, prepared.secrecy.value) == (Majority.TWO_THIRDS, "secret")
    polls.open_poll(prepared, secretary)
    db.session.commit()
    refused(
        "cannot change once it has opened",
        lambda: polls.change_poll_rule(prepared, secretary, majority="simple", secrecy="named"),
    )
    prepared.majority = Majority.SIMPLE  # a forged change that skips the operation
    with pytest.raises(Exception, match="frozen once open"):
        db.session.commit()
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Poll, prepared.id).majority == Majority.TWO_THIRDS


def test_paper_tally_checks_and_corrections(make_user):
    secretary, people, meeting = session_with(make_user, members=3)  # 4 present
    poll = open_poll(meeting, secretary, method="paper")
    refused(
        "must be a whole number",
        lambda: polls.enter_paper_tally(poll, secretary, votes_for=-1, against=0, abstain=0),
    )
    refused(
        "more than the 4 members",
        lambda: polls.enter_paper_tally(poll, secretary, votes_for=3, against=1, abstain=1),
    )
    refused("paper totals before closing", lambda: proceedings.close_poll(poll, secretary))
    refused("counted on paper", lambda: polls.cast_ballot(poll, people[0], choice="for"))
    polls.enter_paper_tally(poll, secretary, votes_for=2, against=1, abstain=0)
    db.session.commit()
    refused(
        "reason for correcting",
        lambda: polls.enter_paper_tally(poll, secretary, votes_for=3, against=1, abstain=0),
    )
    polls.enter_paper_tally(
        poll, secretary, votes_for=3, against=1, abstain=0, reason="One hand was not counted"
    )
    result = proceedings.close_poll(poll, secretary)
    db.session.commit()
    assert (result.votes_for, result.votes_against, result.votes_abstain) == (3, 1, 0)
    assert [t.version for t in db.session.scalars(select(PaperTally))] == [1, 2]
    refused(
        "only while the poll is open",
        lambda: polls.enter_paper_tally(
            poll, secretary, votes_for=0, against=0, abstain=0, reason="late"
        ),
    )


def test_online_poll_window_and_quorum_of_ballots(make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="s@example.org")
    people = [make_user(Role.MEMBER) for _ in range(4)]
    meeting = new_meeting(secretary)
    poll = new_poll(
        meeting,
        secretary,
        mode="online",
        secrecy="secret",
        opens_at=utcnow() - timedelta(hours=1),
        closes_at=utcnow() + timedelta(hours=1),
    )
    polls.open_poll(poll, secretary)  # online polls open before the meeting starts
    for person in people[:3]:
        polls.cast_ballot(poll, person, choice="for")
    db.session.commit()
    poll.closes_at  # noqa: B018 — loaded; the window below is checked at cast time
    db.session.execute(db.update(Poll).values(closes_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    db.session.expire_all()
    refused("closed on", lambda: polls.cast_ballot(poll, people[3], choice="for"))
    [result] = proceedings.close_due_polls()
    db.session.commit()
    assert result.quorum_count == 3 and result.quorum_needed == 3
    assert result.outcome.value == "adopted"
    assert db.session.get(Poll, poll.id).state == PollState.CLOSED
