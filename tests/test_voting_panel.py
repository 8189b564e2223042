"""Voting in one tap: the open poll's buttons first on the meeting and poll pages, one status
line saying whether I may vote and why not, a row per member I represent, and a secret ballot
checked and confirmed before it counts."""

from datetime import timedelta

from council.db_types import utcnow
from council.extensions import db
from council.meetings import operations as meetings
from council.polls.models import Ballot, BallotCast
from council.roles import Role
from tests.meeting_helpers import new_meeting, open_poll, session_with


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_the_meeting_page_starts_with_the_open_poll_and_its_buttons(make_client, make_user):
    secretary, people, meeting = session_with(make_user, members=3)
    meetings.give_proxy(meeting, secretary, giver=people[2], holder=people[0])
    meetings.record_attendance(meeting, secretary, member=people[2], status="excused")
    poll = open_poll(meeting, secretary, question="Open the library on Sundays?")
    holder = make_client()
    holder.login(people[0].email)
    page = text_of(holder.get(f"/meetings/{meeting.id}"))
    # The question and its buttons come before the agenda and the documents.
    assert page.index("Open the library on Sundays?") < page.index('id="agenda-heading"')
    assert "You can vote for yourself and, by proxy, for Member 2." in page
    assert page.count('name="choice" value="for"') == 2  # own row and the proxy's row
    assert f'name="back" value="/meetings/{meeting.id}"' in page
    # One tap: the button carries the choice; back on the meeting page.
    answer = holder.submit(
        f"/polls/{poll.id}/vote",
        {"choice": "against", "back": f"/meetings/{meeting.id}"},
        form_page=f"/meetings/{meeting.id}",
    )
    assert answer.headers["Location"] == f"/meetings/{meeting.id}"
    ballot = db.session.scalar(db.select(Ballot).where(Ballot.on_behalf_of_id == people[0].id))
    assert ballot.choice.value == "against"
    again = text_of(holder.get(f"/meetings/{meeting.id}"))
    assert 'value="against" class="ballot__choice ballot__choice--against" aria-pressed="true"' in (
        again
    )


def test_the_status_line_says_why_i_cannot_vote(make_client, make_user):
    secretary, people, meeting = session_with(make_user, members=4)
    meetings.give_proxy(meeting, secretary, giver=people[0], holder=people[1])
    meetings.record_attendance(meeting, secretary, member=people[2], status="excused")
    left = utcnow().replace(second=0, microsecond=0) - timedelta(minutes=5)
    meetings.record_attendance(meeting, secretary, member=people[3], status="present", left_at=left)
    outsider = make_user(Role.MEMBER, email="outsider@example.org")
    other = new_meeting(secretary, kind="working_group", participants=[people[1]])
    meetings.start_session(other, secretary)
    poll = open_poll(meeting, secretary)
    group_poll = open_poll(other, secretary)
    db.session.commit()

    def status(person, url):
        client = make_client()
        client.login(person.email)
        return text_of(client.get(url))

    page = f"/polls/{poll.id}"
    assert "You gave a proxy for this meeting: Member 1 votes for you." in status(people[0], page)
    assert "You are recorded as excused: you cannot vote in this meeting." in status(
        people[2], page
    )
    assert "You left at " in status(people[3], page)
    assert "You are not a member of this meeting." in status(outsider, f"/polls/{group_poll.id}")
    assert 'name="choice"' not in status(people[2], page)


def test_a_secret_ballot_is_checked_and_confirmed_before_it_counts(make_client, make_user):
    secretary, people, meeting = session_with(make_user, members=2)
    poll = open_poll(meeting, secretary, secrecy="secret")
    voter = make_client()
    voter.login(people[0].email)
    page = text_of(voter.get(f"/polls/{poll.id}"))
    # Said before the buttons, not after.
    assert page.index("once sent it cannot be changed") < page.index('name="choice"')
    check = voter.submit(f"/polls/{poll.id}/vote", {"choice": "for"}, form_page=f"/polls/{poll.id}")
    assert check.status_code == 200
    assert "Check and confirm your secret ballot" in text_of(check)
    assert db.session.scalar(db.select(db.func.count()).select_from(BallotCast)) == 0
    other = voter.submit(
        f"/polls/{poll.id}/vote", {"choice": "against"}, form_page=f"/polls/{poll.id}"
    )
    assert len(check.get_data()) == len(other.get_data())  # the size does not tell the choice
    cast = voter.submit(
        f"/polls/{poll.id}/vote",
        {"choice": "for", "confirmed": "yes"},
        form_page=f"/polls/{poll.id}",
    )
    assert "Your secret ballot is recorded" in text_of(cast)
    assert db.session.scalar(db.select(db.func.count()).select_from(BallotCast)) == 1
    assert "Your secret ballot is cast. It cannot be changed." in text_of(
        voter.get(f"/polls/{poll.id}")
    )
