"""Building meetings and polls for tests, through the operations (as the pages do)."""

from datetime import timedelta

from council.db_types import utcnow
from council.extensions import db
from council.meetings import operations as meetings
from council.polls import operations as polls
from council.roles import Role


def new_meeting(secretary, *, days=10, kind="plenary", participants=(), title="Plenary"):
    starts = utcnow().replace(microsecond=0) + timedelta(days=days)
    meeting = meetings.schedule_meeting(
        secretary,
        kind=kind,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Town hall",
        participants=participants,
    )
    db.session.flush()
    return meeting


def new_poll(meeting, secretary, **rule):
    item = meetings.add_agenda_item(
        meeting, secretary, kind="other", title="Housing", description=""
    )
    settings = {
        "question": "Adopt the opinion?",
        "majority": "simple",
        "secrecy": "named",
        "mode": "in_meeting",
        "method": "electronic",
        **rule,
    }
    return polls.prepare_poll(item, secretary, **settings)


def sample_meeting(make_user) -> dict[str, int]:
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sample-secretary@example.org")
    giver = make_user(Role.MEMBER, email="sample-giver@example.org")
    holder = make_user(Role.MEMBER, email="sample-holder@example.org")
    meeting = new_meeting(secretary)
    poll = new_poll(meeting, secretary)
    proxy = meetings.give_proxy(meeting, secretary, giver=giver, holder=holder)
    db.session.commit()
    return {
        "meeting_id": meeting.id,
        "item_id": poll.item_id,
        "poll_id": poll.id,
        "proxy_id": proxy.id,
    }


def session_with(make_user, members=4, present=None):
    """A plenary in session: a secretary (also a member) and `members` more members, of whom
    `present` (default: all) are recorded present. Returns (secretary, members, meeting)."""
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org", name="Claire")
    people = [
        make_user(Role.MEMBER, email=f"m{i}@example.org", name=f"Member {i}")
        for i in range(members)
    ]
    meeting = new_meeting(secretary)
    meetings.start_session(meeting, secretary)
    everyone = [secretary, *people]
    present = everyone if present is None else present(everyone)
    for person in everyone:
        status = "present" if person in present else "absent"
        meetings.record_attendance(meeting, secretary, member=person, status=status)
    db.session.commit()
    return secretary, people, meeting


def open_poll(meeting, secretary, **rule):
    poll = new_poll(meeting, secretary, **rule)
    polls.open_poll(poll, secretary)
    db.session.commit()
    return poll


def move_meeting(meeting, secretary, *, to, hours=2, **fields):
    """The secretary's change form sent for `meeting`: it now starts at `to` and lasts
    `hours`; every other field as it was unless given."""
    from council.meetings.changes import change_meeting

    sent = {"title": meeting.title, "place": meeting.place, **fields}
    return change_meeting(
        meeting, secretary, starts_at=to, ends_at=to + timedelta(hours=hours), **sent
    )
