"""Read-only questions about minutes, asked by the minutes' pages and by the proceedings."""

from sqlalchemy import select

from council.extensions import db
from council.meetings.models import AgendaItem, Meeting
from council.minutes.models import Minutes


def minutes_of(meeting: Meeting) -> Minutes | None:
    return db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))


def minutes_approved_at(item: AgendaItem) -> Minutes | None:
    """The minutes this "approval of the previous minutes" item is to approve, if any."""
    return db.session.scalar(select(Minutes).where(Minutes.approval_item_id == item.id))
