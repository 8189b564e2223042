"""Reading and saving the attendance sheet: one row per member, times in Paris time.

A sheet not yet saved starts from what members said beforehand (their answer to the
invitation, a proxy given), so the secretary only touches the rows where the room differs."""

from dataclasses import dataclass
from datetime import datetime

from flask import request

from council.accounts.models import User
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings import queries as meeting_queries
from council.meetings.fields import paris_to_utc, utc_to_paris
from council.meetings.models import AttendanceStatus, Proxy, Rsvp, RsvpAnswer


@dataclass
class Beforehand:
    """What a member said before the meeting: their reply, or the proxy they gave."""

    rsvp: Rsvp | None
    proxy: Proxy | None

    @property
    def expected(self) -> AttendanceStatus:
        if self.proxy is not None:
            return AttendanceStatus.EXCUSED  # someone else votes for them: they are not coming
        if self.rsvp is not None and self.rsvp.answer == RsvpAnswer.ATTENDING:
            return AttendanceStatus.PRESENT
        if self.rsvp is not None:
            return AttendanceStatus.EXCUSED
        return AttendanceStatus.ABSENT


def beforehand(meeting, members) -> dict[int, Beforehand]:
    rsvps = meeting_queries.rsvps_of(meeting)
    proxies = {p.giver_id: p for p in meeting_queries.proxies_of(meeting)}
    return {m.id: Beforehand(rsvps.get(m.id), proxies.get(m.id)) for m in members}


def sheet_data(meeting, members, said: dict[int, Beforehand]) -> dict:
    recorded = meeting_queries.attendance_of(meeting)
    data = {}
    for member in members:
        row = recorded.get(member.id)
        if row is None:
            data[f"status_{member.id}"] = said[member.id].expected.value
            continue
        data[f"status_{member.id}"] = row.status.value
        if row.arrived_at:
            data[f"arrived_{member.id}"] = utc_to_paris(row.arrived_at).time()
        if row.left_at:
            data[f"left_{member.id}"] = utc_to_paris(row.left_at).time()
    return data


def _on_meeting_day(meeting, time) -> datetime | None:
    if time is None:
        return None
    day = utc_to_paris(meeting.starts_at).date()
    return paris_to_utc(datetime.combine(day, time))


def save_sheet(meeting, members, form, by) -> None:
    for member in members:
        status = form[f"status_{member.id}"].data or AttendanceStatus.ABSENT.value
        meetings.record_attendance(
            meeting,
            by,
            member=member,
            status=status,
            arrived_at=_on_meeting_day(meeting, form[f"arrived_{member.id}"].data),
            left_at=_on_meeting_day(meeting, form[f"left_{member.id}"].data),
        )


def stamp_pressed(meeting, members, by) -> None:
    """The "arrived now" or "left now" button of one row, pressed with the sheet: the rest of
    the sheet is saved first, then that member's time is stamped."""
    entitled = {m.id: m for m in members}
    for button, stamp in (
        ("arrived_now", meetings.stamp_arrival),
        ("left_now", meetings.stamp_departure),
    ):
        value = request.form.get(button, "")
        if value.isdigit() and int(value) in entitled:
            stamp(meeting, by, member=entitled[int(value)])


def holder_names(said: dict[int, Beforehand]) -> dict[int, str]:
    """The holder's name for every member who gave a proxy (one query)."""
    ids = {b.proxy.holder_id for b in said.values() if b.proxy is not None}
    names = dict(
        db.session.execute(db.select(User.id, User.display_name).where(User.id.in_(ids))).all()
    )
    return {m: names[b.proxy.holder_id] for m, b in said.items() if b.proxy is not None}
