"""Reading and saving the attendance sheet: one row per member, times in Paris time."""

from datetime import datetime

from council.meetings import operations as meetings
from council.meetings import queries as meeting_queries
from council.meetings.fields import paris_to_utc, utc_to_paris
from council.meetings.models import AttendanceStatus


def sheet_data(meeting, members) -> dict:
    data = {}
    for member_id, row in meeting_queries.attendance_of(meeting).items():
        data[f"status_{member_id}"] = row.status.value
        if row.arrived_at:
            data[f"arrived_{member_id}"] = utc_to_paris(row.arrived_at).time()
        if row.left_at:
            data[f"left_{member_id}"] = utc_to_paris(row.left_at).time()
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
