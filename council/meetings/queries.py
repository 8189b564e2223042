"""Read-only questions about meetings: who sits, who is present, who holds a proxy.

Polls, minutes, reminders and the pages ask these; none of them changes anything."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from council.accounts.models import User
from council.db_types import utcnow
from council.extensions import db
from council.meetings.models import AgendaItem, Attendance, Meeting, MeetingKind, Proxy, Rsvp
from council.polls.models import Poll
from council.quorum import quorum_needed
from council.roles import Role


def members_in_office() -> list[User]:
    query = select(User).where(User.is_active_account, User.role_rows.any(role=Role.MEMBER))
    # Callers want who sits (ids, names): roles and services load only if someone reads them,
    # rather than two more queries each time a meeting page asks.
    query = query.options(lazyload(User.role_rows), lazyload(User.services))
    return list(db.session.scalars(query.order_by(User.display_name, User.id)))


def entitled_members(meeting: Meeting) -> list[User]:
    """Who sits in this meeting: every member for a plenary, the chosen participants else."""
    in_office = members_in_office()
    if meeting.kind == MeetingKind.PLENARY:
        return in_office
    chosen = {user.id for user in meeting.participants}
    return [user for user in in_office if user.id in chosen]


def is_entitled(meeting: Meeting, user) -> bool:
    return bool(user.is_authenticated) and any(m.id == user.id for m in entitled_members(meeting))


def proxy_given_by(meeting: Meeting, user_id: int) -> Proxy | None:
    return db.session.scalar(
        select(Proxy).where(Proxy.meeting_id == meeting.id, Proxy.giver_id == user_id)
    )


def proxy_held_by(meeting: Meeting, user_id: int) -> Proxy | None:
    return db.session.scalar(
        select(Proxy).where(Proxy.meeting_id == meeting.id, Proxy.holder_id == user_id)
    )


def proxies_of(meeting: Meeting) -> list[Proxy]:
    """Every proxy of the meeting, in the order of their givers."""
    return list(
        db.session.scalars(
            select(Proxy).where(Proxy.meeting_id == meeting.id).order_by(Proxy.giver_id)
        )
    )


def rsvps_of(meeting: Meeting) -> dict[int, Rsvp]:
    """Every member's answer to the invitation, by member id (one query)."""
    rows = db.session.scalars(select(Rsvp).where(Rsvp.meeting_id == meeting.id))
    return {row.user_id: row for row in rows}


def attendance_of(meeting: Meeting) -> dict[int, Attendance]:
    rows = db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    return {row.user_id: row for row in rows}


def present_ids(
    meeting: Meeting, moment: datetime | None = None, entitled: set[int] | None = None
) -> list[int]:
    moment = moment or utcnow()
    if entitled is None:
        entitled = {m.id for m in entitled_members(meeting)}
    return sorted(
        uid
        for uid, row in attendance_of(meeting).items()
        if uid in entitled and row.is_present_at(moment)
    )


def live_quorum(meeting: Meeting) -> dict:
    entitled = {m.id for m in entitled_members(meeting)}
    in_office = len(entitled)
    present = len(present_ids(meeting, entitled=entitled))
    needed = quorum_needed(in_office)
    return {
        "in_office": in_office,
        "present": present,
        "needed": needed,
        "reached": present >= needed,
    }


def current_item_of(proposal) -> AgendaItem | None:
    """The agenda item that last put this proposal on an agenda."""
    return db.session.scalar(
        select(AgendaItem)
        .where(AgendaItem.proposal_id == proposal.id)
        .order_by(AgendaItem.id.desc())
        .limit(1)
    )


def agenda_history(proposal) -> list[AgendaItem]:
    """Every agenda item that put this proposal on a meeting, oldest first, with the meeting,
    polls and results the proposal's timeline shows (not one query per item). The proposal
    itself is the one in hand: no need to join it again."""
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.proposal_id == proposal.id)
            .options(
                lazyload(AgendaItem.proposal),
                joinedload(AgendaItem.meeting),
                selectinload(AgendaItem.polls).selectinload(Poll.result),
            )
            .order_by(AgendaItem.id)
        )
    )


def item_on_screen(meeting: Meeting) -> AgendaItem | None:
    """The item the secretary last put on the room's screen (None before the first)."""
    shown = [item for item in meeting.items if item.shown_at is not None]
    return max(shown, key=lambda item: item.shown_at) if shown else None
