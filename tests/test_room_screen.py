"""The room's screen: the item discussed now, the open poll's count of ballots (never the
choices before the close), the result once closed, quorum; several languages side by side."""

from council.extensions import db
from council.meetings import operations as meetings
from council.polls import operations as polls
from council.proceedings import close_poll
from tests.meeting_helpers import open_poll, session_with


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_the_screen_follows_the_meeting(client, make_client, make_user):
    secretary, people, meeting = session_with(make_user, members=3)
    poll = open_poll(meeting, secretary, question="Plant trees on the square?")
    item = poll.item
    screen = f"/meetings/{meeting.id}/screen"
    page = text_of(make_client().get(screen))
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "Plant trees on the square?" in page and "0 ballots cast so far." in page
    assert "Quorum now: 4 present of 4 in office (3 needed)." in page

    # The secretary puts the item on the screen from the meeting's page.
    client.login("secretary@example.org")
    manage = f"/meetings/{meeting.id}/manage"
    client.submit(f"/meetings/{meeting.id}/agenda/{item.id}/show", {}, form_page=manage)
    assert "On the room’s screen now" in text_of(client.get(manage))
    assert f"{item.position}. Housing" in text_of(make_client().get(screen))

    polls.cast_ballot(poll, people[0], choice="against")
    polls.cast_ballot(poll, people[1], choice="for")
    db.session.commit()
    page = text_of(make_client().get(screen))
    assert "2 ballots cast so far." in page
    assert "Result of the vote" not in page and "Adopted" not in page  # no choice before close

    close_poll(poll, secretary)
    db.session.commit()
    page = text_of(make_client().get(screen))
    assert "Result of the vote" in page and "ballots cast so far" not in page


def test_the_screen_in_two_languages_side_by_side(make_client, make_user):
    secretary, people, meeting = session_with(make_user, members=1)
    meetings.show_agenda_item(open_poll(meeting, secretary).item, secretary)
    db.session.commit()
    page = text_of(make_client().get(f"/meetings/{meeting.id}/screen?lang=fr,ar,xx"))
    assert '<div class="screen__panel" lang="fr" dir="ltr">' in page
    assert '<div class="screen__panel" lang="ar" dir="rtl">' in page
    assert page.count('class="screen__panel"') == 2
    assert "Quorum actuel" in page and "ordre du jour" in page.lower()
