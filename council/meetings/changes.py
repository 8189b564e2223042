"""Changing a planned meeting and publishing its agenda: the two moments members are told of
after the meeting was scheduled. Each flushes, never commits.

"Publishing the agenda" is the secretary saying the agenda is ready: the agenda is visible while
it is built (the meeting page labels it "in preparation"), and publishing tells the members of
the meeting once. A later change of the agenda is published again by the same button: one
notification each time, never one per item; an unchanged agenda is not published twice.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from council import signals
from council.accounts.models import User
from council.audit.chain import append_event
from council.audit.models import AuditEvent
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.locking import lock_row
from council.meetings.models import TITLE_MAX, Meeting, MeetingState, ReminderSent
from council.meetings.operations import check_details, require_state

AGENDA_PUBLISHED = "meeting.agenda_published"
# What members plan their evening by: a change of these is told to them (and to calendars).
WHEN_AND_WHERE = ("starts_at", "ends_at", "place", "online_url")


def _same(before, after) -> bool:
    """Times are typed to the minute: a form sent back unchanged changes nothing."""
    if isinstance(before, datetime) and isinstance(after, datetime):
        return before.replace(second=0, microsecond=0) == after.replace(second=0, microsecond=0)
    return before == after


def change_meeting(
    meeting: Meeting,
    by: User,
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
    interpretation: bool = False,
    step_free: bool = False,
    accessibility_notes: str = "",
) -> dict[str, tuple]:
    """Save the secretary's corrections; returns field → (before, after) of what changed.

    A change of date, time, place or link is sent as one `meeting_changed` (one notification
    per member, whatever how many fields moved); the other fields are saved quietly."""
    require_state(meeting, MeetingState.PLANNED)
    check_details(meeting.kind, starts_at, ends_at, place, online_url, meeting.participants)
    if starts_at != meeting.starts_at and starts_at < utcnow():
        raise OperationError(_("Choose a date in the future."), "starts_at")
    wanted = {
        "title": (title or "").strip()[:TITLE_MAX] or meeting.title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place or "",
        "online_url": online_url or "",
        "interpretation": bool(interpretation),
        "step_free": bool(step_free),
        "accessibility_notes": accessibility_notes or "",
    }
    changes = {
        name: (getattr(meeting, name), value)
        for name, value in wanted.items()
        if not _same(getattr(meeting, name), value)
    }
    if not changes:
        return changes
    for name, (_before, after) in changes.items():
        setattr(meeting, name, after)
    told = {name: change for name, change in changes.items() if name in WHEN_AND_WHERE}
    if told:
        meeting.sequence += 1
    if "starts_at" in changes:
        # The 3-day and 1-day reminders count from the new date: they are due again.
        db.session.execute(delete(ReminderSent).where(ReminderSent.meeting_id == meeting.id))
    db.session.flush()
    append_event("meeting.changed", f"meeting:{meeting.id}", {"fields": sorted(changes)}, by)
    if told:
        signals.meeting_changed.send(meeting, by=by, changes=told)
    return changes


def _agenda_now(meeting: Meeting) -> list[list]:
    return [[item.id, item.title] for item in meeting.items]


def _agenda_last_published(meeting: Meeting) -> list | None:
    """The items as last published: the audit record of the publication keeps them."""
    payload = db.session.scalar(
        select(AuditEvent.payload)
        .where(AuditEvent.kind == AGENDA_PUBLISHED, AuditEvent.subject == f"meeting:{meeting.id}")
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    )
    return None if payload is None else payload.get("items")


def agenda_to_publish(meeting: Meeting) -> bool:
    """Whether "Publish the agenda" would tell the members something new."""
    return (
        meeting.state == MeetingState.PLANNED
        and bool(meeting.items)
        and (
            meeting.agenda_published_at is None
            or _agenda_last_published(meeting) != _agenda_now(meeting)
        )
    )


def publish_agenda(meeting: Meeting, by: User) -> None:
    """The agenda is ready: the members of the meeting are told (again, if it was published
    before and has changed since). Publishing an unchanged agenda is refused: a double click or
    a second secretary does not mail everyone twice."""
    meeting = lock_row(Meeting, meeting.id)  # two presses at once: the second sees the first
    require_state(meeting, MeetingState.PLANNED)
    if not meeting.items:
        raise OperationError(_("Add at least one item before publishing the agenda."))
    items = _agenda_now(meeting)
    if meeting.agenda_published_at is not None and _agenda_last_published(meeting) == items:
        raise OperationError(_("The agenda has not changed since it was published."))
    meeting.agenda_published_at = utcnow()
    db.session.flush()
    append_event(AGENDA_PUBLISHED, f"meeting:{meeting.id}", {"items": items}, by)
    signals.agenda_published.send(meeting, by=by)
