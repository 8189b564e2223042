"""A secretary changes a planned meeting or publishes its agenda: the members of that meeting
are told once per change (never once per field), in their language, with what changed, the
agenda and the calendar entry; nobody else is told."""

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from council.extensions import db
from council.meetings import operations as meetings
from council.meetings.changes import change_meeting, publish_agenda
from council.meetings.fields import utc_to_paris
from council.meetings.models import Meeting, ReminderSent
from council.meetings.reminders import send_reminders as remind_members
from council.notifications.kinds import notification_text
from council.notifications.models import Notification, NotificationKind
from council.plain_text import header_safe
from council.roles import Role
from tests.conftest import outbox
from tests.meeting_helpers import move_meeting, new_meeting


def _meeting_news(event: str) -> list[Notification]:
    return [
        row
        for row in db.session.scalars(
            select(Notification)
            .where(Notification.kind == NotificationKind.MEETING)
            .order_by(Notification.id)
        )
        if row.params.get("event") == event
    ]


def _paris(moment) -> str:
    return utc_to_paris(moment).strftime("%Y-%m-%dT%H:%M")


def _people(make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org")
    sitting = make_user(Role.MEMBER, email="sitting@example.org", locale="ar")
    aside = make_user(Role.MEMBER, email="aside@example.org")
    official = make_user(Role.OFFICIAL, email="official@example.org")
    return secretary, sitting, aside, official


def _form(meeting: Meeting, **changed) -> dict:
    return {
        "title": meeting.title,
        "starts_at": _paris(meeting.starts_at),
        "ends_at": _paris(meeting.ends_at),
        "place": meeting.place,
        "online_url": meeting.online_url,
        "accessibility_notes": meeting.accessibility_notes,
        **changed,
    }


def test_a_new_date_and_place_are_told_once_to_the_members_of_that_meeting(client, make_user):
    secretary, sitting, aside, official = _people(make_user)
    group = new_meeting(secretary, kind="working_group", participants=[sitting], title="Groupe")
    db.session.commit()
    before_start, before_place = group.starts_at, group.place
    later = group.starts_at + timedelta(days=2)
    client.login(secretary.email)
    url = f"/meetings/{group.id}/edit"
    assert "Change the meeting" in client.get(url).get_data(as_text=True)
    mails_before = len(outbox())
    saved = client.submit(
        url,
        _form(
            group,
            starts_at=_paris(later),
            ends_at=_paris(later + timedelta(hours=2)),
            place="Maison des associations",
        ),
    )
    assert saved.status_code == 302
    db.session.expire_all()
    [note] = _meeting_news("changed")  # three fields moved: one notification
    assert note.user_id == sitting.id  # not `aside` (not in the group), not the official,
    assert note.params["was_starts_at"] == before_start.isoformat()  # not the secretary
    assert note.params["was_place"] == before_place
    [mail] = outbox()[mails_before:]
    assert mail.recipient == sitting.email and mail.locale == "ar"
    with force_locale("ar"):
        expected = notification_text(note)
    # The subject is the sentence, without the isolate marks a header may not hold.
    assert mail.subject == header_safe(expected) and "Maison des associations" in expected
    with force_locale("en"):
        assert expected != notification_text(note)  # the reader's language, not English
    assert f"/meetings/{group.id}.ics" in mail.body
    meeting = db.session.get(Meeting, group.id)
    assert meeting.starts_at == later.replace(second=0) and meeting.sequence == 1
    calendar = client.get(f"/meetings/{group.id}.ics").get_data(as_text=True)
    assert "SEQUENCE:1" in calendar  # calendar apps replace the event they hold
    # Saving again without a change, or changing the title only, tells nobody.
    assert client.submit(url, _form(meeting)).status_code == 302
    assert client.submit(url, _form(meeting, title="Groupe logement")).status_code == 302
    assert len(_meeting_news("changed")) == 1 and len(outbox()) == mails_before + 1
    assert aside.email not in [m.recipient for m in outbox()]
    assert official.email not in [m.recipient for m in outbox()]


def test_a_change_is_refused_for_a_past_date_and_once_the_meeting_has_started(make_user):
    secretary, *_ = _people(make_user)
    meeting = new_meeting(secretary)
    db.session.commit()
    details = {"title": meeting.title, "ends_at": meeting.ends_at, "place": "Town hall"}
    past = meeting.starts_at - timedelta(days=30)
    try:
        change_meeting(meeting, secretary, starts_at=past, **details)
        raise AssertionError("a past date was accepted")
    except Exception as error:  # noqa: BLE001 - the operation's refusal
        assert "future" in str(error)
    db.session.rollback()
    meetings.start_session(meeting, secretary)
    db.session.commit()
    later = meeting.starts_at + timedelta(days=1)
    try:
        change_meeting(meeting, secretary, starts_at=later, **{**details, "ends_at": later})
        raise AssertionError("a meeting in session was changed")
    except Exception as error:  # noqa: BLE001
        assert "cannot be done now" in str(error)
    db.session.rollback()
    assert _meeting_news("changed") == []


def test_a_new_date_makes_the_meeting_reminders_due_again(make_user):
    secretary, sitting, *_ = _people(make_user)
    meeting = new_meeting(secretary, days=2)
    db.session.commit()
    assert remind_members() > 0
    db.session.commit()
    move_meeting(meeting, secretary, to=meeting.starts_at + timedelta(days=7))
    db.session.commit()
    assert db.session.scalars(select(ReminderSent)).all() == []


def test_publishing_the_agenda_tells_the_members_of_the_meeting_with_the_agenda(client, make_user):
    secretary, sitting, aside, official = _people(make_user)
    plenary = new_meeting(secretary, title="Plénière")
    group = new_meeting(secretary, kind="working_group", participants=[sitting], title="Groupe")
    db.session.commit()
    client.login(secretary.email)
    manage = client.get(f"/meetings/{group.id}/manage").get_data(as_text=True)
    assert "The agenda is not published yet" in manage
    assert "Publish the agenda</button>" not in manage  # nothing to publish yet
    assert "Agenda in preparation" in client.get(f"/meetings/{group.id}").get_data(as_text=True)
    refused = client.submit(f"/meetings/{group.id}/agenda/publish", {}, form_page="/")
    assert refused.status_code == 303 and _meeting_news("agenda") == []
    meetings.add_agenda_item(group, secretary, kind="other", title="Logement", description="")
    meetings.add_agenda_item(group, secretary, kind="other", title="Santé", description="")
    db.session.commit()
    mails_before = len(outbox())
    assert "Publish the agenda</button>" in client.get(f"/meetings/{group.id}/manage").get_data(
        as_text=True
    )
    published = client.submit(f"/meetings/{group.id}/agenda/publish", {}, form_page="/")
    assert published.status_code == 303
    db.session.expire_all()
    [note] = _meeting_news("agenda")  # two items: one notification
    assert note.user_id == sitting.id and note.params["items"] == ["Logement", "Santé"]
    [mail] = outbox()[mails_before:]
    assert mail.recipient == sitting.email and mail.locale == "ar"
    assert "1. Logement" in mail.body and "2. Santé" in mail.body
    assert f"/meetings/{group.id}.ics" in mail.body
    page = client.get(f"/meetings/{group.id}").get_data(as_text=True)
    assert "Agenda in preparation" not in page
    # Pressed twice (a double click, a second secretary): the unchanged agenda is not sent again.
    manage = client.get(f"/meetings/{group.id}/manage").get_data(as_text=True)
    assert "Agenda published on" in manage and "Publish the agenda" not in manage
    client.submit(f"/meetings/{group.id}/agenda/publish", {}, form_page="/")
    assert len(_meeting_news("agenda")) == 1 and len(outbox()) == mails_before + 1
    # Changed, it can be published again: once more.
    meetings.add_agenda_item(group, secretary, kind="other", title="Écoles", description="")
    db.session.commit()
    assert "Publish the agenda again" in client.get(f"/meetings/{group.id}/manage").get_data(
        as_text=True
    )
    client.submit(f"/meetings/{group.id}/agenda/publish", {}, form_page="/")
    db.session.expire_all()
    assert [n.params["items"] for n in _meeting_news("agenda")][-1] == [
        "Logement",
        "Santé",
        "Écoles",
    ]
    # The plenary's agenda goes to every member, the working group's did not.
    meetings.add_agenda_item(plenary, secretary, kind="other", title="Budget", description="")
    publish_agenda(plenary, secretary)
    db.session.commit()
    told = {row.user.email for row in _meeting_news("agenda") if row.subject_title == "Plénière"}
    assert told == {sitting.email, aside.email}  # not the official, not the secretary who acted
    assert official.email not in {m.recipient for m in outbox()}
