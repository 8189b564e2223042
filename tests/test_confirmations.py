"""Irreversible buttons lead to a page that says what will happen, with a warning when
something looks wrong; nothing changes until its button is pressed."""

from council.extensions import db
from council.meetings import operations as meetings
from council.meetings.models import AgendaItem, Meeting, MeetingState
from council.plain_text import isolate
from council.polls import operations as polls
from council.polls.models import PollState
from council.roles import Role
from tests.meeting_helpers import new_meeting, open_poll, session_with


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_starting_ten_days_early_is_warned(client, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org")
    meeting = new_meeting(secretary, days=10)
    soon = new_meeting(secretary, days=0.01, title="Tonight")
    db.session.commit()
    client.login("sec@example.org")
    manage = text_of(client.get(f"/meetings/{meeting.id}/manage"))
    assert f'<a class="button" href="/meetings/{meeting.id}/start">' in manage
    page = text_of(client.get(f"/meetings/{meeting.id}/start"))
    assert "Start the session?" in page and "more than an hour from now" in page
    assert "more than an hour from now" not in text_of(client.get(f"/meetings/{soon.id}/start"))
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).state == MeetingState.PLANNED
    client.submit(f"/meetings/{meeting.id}/start", {})
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).state == MeetingState.IN_SESSION


def test_closing_a_poll_few_have_voted_in_is_warned(client, make_user):
    secretary, people, meeting = session_with(make_user, members=5)
    poll = open_poll(meeting, secretary)
    polls.cast_ballot(poll, people[0], choice="for")
    polls.cast_ballot(poll, people[1], choice="for")
    db.session.commit()
    client.login("secretary@example.org")
    page = text_of(client.get(f"/polls/{poll.id}/close"))
    assert "2 ballots cast; 6 members could vote." in page
    assert "Fewer than half of those who could vote have voted." in page
    for member in people[2:4]:
        polls.cast_ballot(poll, member, choice="against")
    db.session.commit()
    page = text_of(client.get(f"/polls/{poll.id}/close"))
    assert "4 ballots cast" in page and "Fewer than half" not in page
    assert poll.state == PollState.OPEN
    client.submit(f"/polls/{poll.id}/close", {})
    db.session.expire_all()
    assert db.session.get(type(poll), poll.id).state == PollState.CLOSED


def test_ending_a_meeting_with_an_open_poll_points_to_it(client, make_user):
    secretary, people, meeting = session_with(make_user, members=2)
    poll = open_poll(meeting, secretary, question="Plant trees?")
    client.login("secretary@example.org")
    page = text_of(client.get(f"/meetings/{meeting.id}/close"))
    assert "1 poll is still open: close or cancel it before ending the meeting." in page
    assert f'<a href="/polls/{poll.id}" dir="auto">Plant trees?</a>' in page
    assert ">Close the meeting</button>" not in page


def test_removing_an_item_is_confirmed(client, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org")
    meeting = new_meeting(secretary)
    item = meetings.add_agenda_item(meeting, secretary, kind="other", title="Parks")
    db.session.commit()
    item_id = item.id
    client.login("sec@example.org")
    url = f"/meetings/{meeting.id}/agenda/{item_id}/remove"
    page = text_of(client.get(url))
    assert f"“{isolate('Parks')}” is taken off the agenda." in page
    assert db.session.get(AgendaItem, item_id) is not None
    client.submit(url, {})
    db.session.expire_all()
    count = db.select(db.func.count()).select_from(AgendaItem).where(AgendaItem.id == item_id)
    assert db.session.scalar(count) == 0
