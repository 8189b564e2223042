"""docs/design.md §4: majorities, quorum and void polls, computed and frozen at close."""

import pytest
from sqlalchemy import select

from council import proceedings
from council.errors import OperationError
from council.extensions import db
from council.polls import operations as polls
from council.polls.models import Majority, Outcome, PollResult
from council.polls.rules import majority_reached, outcome
from council.quorum import quorum_needed
from tests.meeting_helpers import open_poll, session_with


@pytest.mark.parametrize(
    ("rule", "votes", "in_office", "adopted"),
    [
        (Majority.SIMPLE, (3, 2), 20, True),
        (Majority.SIMPLE, (2, 2), 20, False),  # a tie is not a majority
        (Majority.SIMPLE, (1, 0), 20, True),  # abstentions are not counted
        (Majority.ABSOLUTE, (10, 0), 20, False),  # half is not more than half
        (Majority.ABSOLUTE, (11, 9), 20, True),
        (Majority.ABSOLUTE, (11, 0), 21, True),
        (Majority.ABSOLUTE, (10, 0), 21, False),
        (Majority.TWO_THIRDS, (2, 1), 20, True),  # exactly two thirds
        (Majority.TWO_THIRDS, (5, 3), 20, False),
        (Majority.TWO_THIRDS, (0, 0), 20, False),  # nobody for: nothing adopted
    ],
)
def test_majorities(rule, votes, in_office, adopted):
    assert majority_reached(rule, *votes, in_office) is adopted


def test_quorum_is_more_than_half_of_members_in_office():
    assert quorum_needed(20) == 11
    assert quorum_needed(21) == 11
    assert quorum_needed(1) == 1
    assert outcome(Majority.SIMPLE, 9, 0, 20, 10) == (False, Outcome.VOID)
    assert outcome(Majority.SIMPLE, 9, 0, 20, 11) == (True, Outcome.ADOPTED)


def test_closing_freezes_counts_rule_quorum_presence_and_proxies(make_user):
    secretary, people, meeting = session_with(make_user, members=4)
    from council.meetings import operations as meetings

    meetings.give_proxy(meeting, secretary, giver=people[3], holder=people[0])
    meetings.record_attendance(meeting, secretary, member=people[3], status="excused")
    db.session.commit()
    poll = open_poll(meeting, secretary, majority="absolute")
    polls.cast_ballot(poll, people[0], choice="for")
    polls.cast_ballot(poll, people[0], choice="for", on_behalf_of_id=people[3].id)
    polls.cast_ballot(poll, people[1], choice="against")
    polls.cast_ballot(poll, secretary, choice="abstain")
    result = proceedings.close_poll(poll, secretary)
    db.session.commit()
    assert (result.votes_for, result.votes_against, result.votes_abstain) == (2, 1, 1)
    assert result.members_in_office == 5 and result.quorum_needed == 3
    assert result.quorum_count == 4 and result.quorum_reached
    # absolute: 2 for is not more than half of 5 members in office
    assert result.outcome == Outcome.REJECTED
    assert result.majority == Majority.ABSOLUTE
    assert sorted(result.entitled_ids) == sorted([secretary.id, *(p.id for p in people)])
    assert people[3].id not in result.present_ids
    assert result.proxies == [[people[3].id, people[0].id]]
    # Later account changes do not alter the frozen result.
    people[1].is_active_account = False
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(PollResult, poll.id).members_in_office == 5


def test_no_quorum_makes_the_poll_void(make_user):
    secretary, people, meeting = session_with(
        make_user, members=4, present=lambda everyone: everyone[:2]
    )
    poll = open_poll(meeting, secretary)
    polls.cast_ballot(poll, secretary, choice="for")
    result = proceedings.close_poll(poll, secretary)
    db.session.commit()
    assert not result.quorum_reached and result.outcome == Outcome.VOID


def test_a_result_is_written_once_and_never_updated(make_user):
    secretary, people, meeting = session_with(make_user, members=2)
    poll = open_poll(meeting, secretary)
    polls.cast_ballot(poll, secretary, choice="for")
    result = proceedings.close_poll(poll, secretary)
    db.session.commit()
    with pytest.raises(OperationError, match="Only an open poll"):
        proceedings.close_poll(poll, secretary)
    db.session.rollback()
    result.votes_for = 99
    with pytest.raises(Exception, match="frozen"):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(PollResult.votes_for)) == 1
