"""Public list, calendars (.ics parsed by icalendar), reminders through the outbox."""

from datetime import UTC, timedelta

from flask_babel import force_locale
from icalendar import Calendar

from council import proceedings
from council.dates import council_date, council_today
from council.db_types import utcnow
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings.models import ReminderSent
from council.meetings.reminders import send_reminders
from council.moments import moment
from council.roles import Role
from tests.conftest import outbox
from tests.meeting_helpers import new_meeting


def test_list_shows_upcoming_and_past_in_the_readers_language(client, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER)
    upcoming = new_meeting(secretary, title="Autumn plenary")
    past = new_meeting(secretary, title="Spring plenary")
    past.starts_at -= timedelta(days=40)
    past.ends_at -= timedelta(days=40)
    proceedings.cancel_meeting(past, secretary, reason="No quorum expected")
    db.session.commit()
    page = client.get("/meetings/").get_data(as_text=True)
    assert page.index("Upcoming meetings") < page.index("Autumn plenary")
    assert page.index("Past meetings") < page.index("Spring plenary")
    with force_locale("en"):
        assert moment(upcoming.starts_at) in page
    arabic = client.get("/meetings/?lang=ar").get_data(as_text=True)
    with force_locale("ar"):
        assert moment(upcoming.starts_at) in arabic


def test_calendars_are_valid_icalendar_and_link_back(client, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER)
    meeting = new_meeting(secretary, title="Plenary, with comma; and semicolon")
    db.session.commit()
    response = client.get("/meetings.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == meeting.title
    assert event.decoded("dtstart") == meeting.starts_at.astimezone(UTC)
    assert event.decoded("dtend") == meeting.ends_at.astimezone(UTC)
    assert str(event["url"]).endswith(f"/meetings/{meeting.id}")
    assert str(event["location"]) == "Town hall"
    assert calendar["version"] == "2.0" and calendar["prodid"]
    one = Calendar.from_ical(client.get(f"/meetings/{meeting.id}.ics").data)
    assert [str(e["uid"]) for e in one.walk("VEVENT")] == [str(event["uid"])]
    assert client.get("/meetings/999999.ics").status_code == 404
    proceedings.cancel_meeting(meeting, secretary, reason="Postponed")
    db.session.commit()
    [cancelled] = Calendar.from_ical(client.get("/meetings.ics").data).walk("VEVENT")
    assert str(cancelled["status"]) == "CANCELLED"


def test_reminders_3_days_and_1_day_before_once_each_in_each_language(app, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org", locale="fr")
    make_user(Role.MEMBER, email="amina@example.org", locale="ar")
    excused = make_user(Role.MEMBER, email="excused@example.org", locale="en")
    make_user(Role.OFFICIAL, email="official@example.org")
    meeting = new_meeting(secretary, days=2)
    meetings.set_rsvp(meeting, excused, answer="excused")
    db.session.commit()
    earlier = len(outbox())  # the news that the meeting was scheduled (notifications)
    assert send_reminders() == 2
    db.session.commit()
    assert send_reminders() == 0  # idempotent: never twice the same reminder
    db.session.commit()
    mails = {m.recipient: m for m in outbox()[earlier:]}
    assert set(mails) == {"sec@example.org", "amina@example.org"}
    assert mails["amina@example.org"].locale == "ar"
    with force_locale("ar"):
        assert moment(meeting.starts_at) in mails["amina@example.org"].body
    assert f"/meetings/{meeting.id}" in mails["sec@example.org"].body
    # The mail counts the city's calendar days left (2, or 3 across a change of summer time),
    # and the number agrees with its noun (Arabic has a dual, then "few" for 3 to 10).
    left = (council_date(meeting.starts_at) - council_today()).days
    french = {2: "dans 2 jours", 3: "dans 3 jours"}[left]
    arabic = {2: "بعد يومين", 3: "بعد 3 أيام"}[left]
    assert mails["sec@example.org"].subject == f"Rappel\u00a0: {meeting.title} {french}"
    assert mails["amina@example.org"].subject == f"تذكير: {meeting.title} {arabic}"
    # The day before, the 1-day reminder goes out once.
    tomorrow = utcnow() + timedelta(days=1, hours=1)
    assert send_reminders(now=tomorrow) == 2
    db.session.commit()
    assert send_reminders(now=tomorrow) == 0
    result = app.test_cli_runner().invoke(args=["meetings", "remind"])
    assert result.exit_code == 0 and "0 reminders queued" in result.output
    assert db.session.query(ReminderSent).count() == 4
    assert len(outbox()) - earlier == 4


def test_demo_data_has_a_past_plenary_and_an_upcoming_meeting(app, client):
    from sqlalchemy import select

    from council.meetings.models import Meeting, MeetingState
    from council.polls.models import PaperTally, PollResult

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert runner.invoke(args=["demo-data"]).exit_code == 0  # idempotent
    # Other domains' demo loaders add meetings of their own: look at this loader's two.
    from council.meetings.demo import NEXT_TITLE, PAST_TITLE

    ours = select(Meeting).where(Meeting.title.in_([PAST_TITLE, NEXT_TITLE]))
    states = sorted(m.state for m in db.session.scalars(ours))
    assert states == sorted([MeetingState.CLOSED, MeetingState.PLANNED])
    past = db.session.scalar(select(Meeting).where(Meeting.title == PAST_TITLE))
    polls = [p.id for item in past.items for p in item.polls]
    # The previous minutes and a second proposal by show of hands, the housing one by name.
    assert db.session.query(PollResult).filter(PollResult.poll_id.in_(polls)).count() == 3
    assert db.session.query(PaperTally).filter(PaperTally.poll_id.in_(polls)).count() == 2
    page = client.get(f"/meetings/{past.id}").get_data(as_text=True)
    assert "gave a proxy to" in page and "Adopted" in page
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
