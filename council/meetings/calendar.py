"""iCalendar (RFC 5545) export. Times are written in UTC, which every calendar app reads."""

from flask import current_app
from icalendar import Calendar, Event

from council.db_types import utcnow
from council.links import absolute_url_for
from council.meetings import labels
from council.meetings.models import Meeting, MeetingState


def _event(meeting: Meeting, host: str, stamp) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.sequence or 0)  # raised by each change: the update wins
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    link = absolute_url_for("meetings.show", meeting_id=meeting.id)
    event.add("url", link)
    location = ", ".join(part for part in (meeting.place, meeting.online_url) if part)
    if location:
        event.add("location", location)
    lines = [str(labels.MEETING_KINDS[meeting.kind])]
    if meeting.interpretation:
        lines.append(str(labels.ACCESS_INTERPRETATION))
    if meeting.step_free:
        lines.append(str(labels.ACCESS_STEP_FREE))
    if meeting.accessibility_notes:
        lines.append(meeting.accessibility_notes)
    lines.append(link)
    event.add("description", "\n".join(lines))
    cancelled = meeting.state == MeetingState.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def render(meetings) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Council of foreign residents//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Council meetings")
    calendar.add("x-wr-timezone", "Europe/Paris")
    host = current_app.config.get("SERVER_NAME") or "council"
    stamp = utcnow().replace(microsecond=0)
    for meeting in meetings:
        calendar.add_component(_event(meeting, host, stamp))
    return calendar.to_ical()
