"""Meeting state changes: scheduling, agenda, RSVP, attendance, proxies. Flush, never commit."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from council import signals
from council.accounts.models import User
from council.audit.chain import append_event
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.locking import lock_row
from council.meetings import proposal_bridge
from council.meetings.labels import MEETING_STATES
from council.meetings.models import (
    TITLE_MAX,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingState,
    Proxy,
    Rsvp,
    RsvpAnswer,
)
from council.meetings.queries import entitled_members, is_entitled, proxy_given_by, proxy_held_by
from council.plain_text import isolate
from council.polls.queries import member_has_voted_in_meeting, proxy_was_used

PLANNED, IN_SESSION = MeetingState.PLANNED, MeetingState.IN_SESSION


def require_state(meeting: Meeting, *states: MeetingState) -> None:
    if meeting.state not in states:
        raise OperationError(
            _(
                "This cannot be done now: the meeting is %(state)s.",
                state=state_label(meeting.state),
            )
        )


def state_label(state: MeetingState) -> str:
    return str(MEETING_STATES[state])


# --- scheduling ---------------------------------------------------------------------------


def check_details(kind, starts_at, ends_at, place, online_url, participants) -> None:
    if ends_at <= starts_at:
        raise OperationError(_("The meeting must end after it starts."), "ends_at")
    if not place and not online_url:
        raise OperationError(_("Give a place, an online link, or both."), "place")
    if kind != MeetingKind.PLENARY and not participants:
        raise OperationError(_("Choose the members of this meeting."), "participant_ids")


def schedule_meeting(
    by: User,
    *,
    kind,
    title,
    starts_at: datetime,
    ends_at: datetime,
    place="",
    online_url="",
    interpretation=False,
    step_free=False,
    accessibility_notes="",
    participants=(),
) -> Meeting:
    kind = MeetingKind(kind)
    check_details(kind, starts_at, ends_at, place, online_url, participants)
    if starts_at < utcnow():
        raise OperationError(_("Choose a date in the future."), "starts_at")
    meeting = Meeting(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place or "",
        online_url=online_url or "",
        interpretation=interpretation,
        step_free=step_free,
        accessibility_notes=accessibility_notes or "",
        created_by_id=by.id,
        participants=list(participants) if kind != MeetingKind.PLENARY else [],
    )
    db.session.add(meeting)
    db.session.flush()
    signals.meeting_scheduled.send(meeting, by=by)
    return meeting


def start_session(meeting: Meeting, by: User) -> None:
    require_state(meeting, PLANNED)
    meeting.state, meeting.started_at = IN_SESSION, utcnow()
    db.session.flush()
    append_event("meeting.started", f"meeting:{meeting.id}", {}, by)


def close_meeting(meeting: Meeting, by: User) -> None:
    """The meeting's own part of closing; `council.proceedings.close_meeting` does the rest
    (its polls, its proposals, its minutes)."""
    require_state(meeting, IN_SESSION)
    meeting.state, meeting.closed_at = MeetingState.CLOSED, utcnow()
    db.session.flush()
    append_event("meeting.closed", f"meeting:{meeting.id}", {}, by)


def cancel_meeting(meeting: Meeting, by: User, *, reason: str) -> None:
    """The meeting's own part of cancelling; see `council.proceedings.cancel_meeting`."""
    require_state(meeting, PLANNED, IN_SESSION)
    if not reason.strip():
        raise OperationError(_("Give the reason for cancelling."), "reason")
    meeting.state, meeting.cancel_reason = MeetingState.CANCELLED, reason.strip()
    meeting.sequence += 1  # calendars replace the event with its cancelled version
    db.session.flush()
    append_event("meeting.cancelled", f"meeting:{meeting.id}", {"reason": reason.strip()}, by)


# --- agenda -------------------------------------------------------------------------------


def add_agenda_item(
    meeting: Meeting,
    by: User,
    *,
    kind,
    title: str,
    description: str = "",
    proposal_id: int | None = None,
    referral_id: int | None = None,
) -> AgendaItem:
    """A new last item; a `proposal` item schedules its proposal (see proposal_bridge)."""
    require_state(meeting, PLANNED, IN_SESSION)
    kind = AgendaItemKind(kind)
    if kind not in proposal_bridge.available_item_kinds():
        raise OperationError(_("Choose an option from the list."), "kind")
    subject = proposal_bridge.linked_subject(kind, proposal_id, referral_id, by)
    title = (title or "").strip() or proposal_bridge.subject_title(subject)
    if not title:
        raise OperationError(_("Give the item a title."), "title")
    last = db.session.scalar(
        select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
    )
    item = AgendaItem(
        meeting=meeting,
        position=(last or 0) + 1,
        kind=kind,
        title=title[:TITLE_MAX],
        description=description or "",
        **proposal_bridge.link_columns(subject),
    )
    db.session.add(item)
    db.session.flush()
    proposal_bridge.on_item_added(item, subject, by)
    return item


def move_agenda_item(item: AgendaItem, by: User, *, direction: str) -> None:
    require_state(item.meeting, PLANNED, IN_SESSION)
    items = list(item.meeting.items)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        raise OperationError(_("This item cannot move further."))
    # Renumber the whole list: positions stay 1..n whatever happened before.
    items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        each.position = position
    db.session.flush()


def remove_agenda_item(item: AgendaItem, by: User) -> None:
    require_state(item.meeting, PLANNED, IN_SESSION)
    if item.polls:
        raise OperationError(_("An item with a poll cannot be removed."))
    proposal_bridge.on_item_removed(item, by)
    meeting = item.meeting
    meeting.items.remove(item)
    for position, each in enumerate(meeting.items, start=1):
        each.position = position
    db.session.flush()


def show_agenda_item(item: AgendaItem, by: User) -> None:
    """The item the room discusses now: the room's screen shows it (the last one shown)."""
    require_state(item.meeting, IN_SESSION)
    item.shown_at = utcnow()
    db.session.flush()


# --- members: RSVP and proxies ------------------------------------------------------------


def set_rsvp(meeting: Meeting, by: User, *, answer) -> Rsvp:
    """`by` answers for themself."""
    user = by
    require_state(meeting, PLANNED)
    if not is_entitled(meeting, user):
        raise OperationError(_("You are not a member of this meeting."), "answer")
    rsvp = db.session.get(Rsvp, (meeting.id, user.id)) or Rsvp(
        meeting_id=meeting.id, user_id=user.id
    )
    rsvp.answer, rsvp.answered_at = RsvpAnswer(answer), utcnow()
    db.session.add(rsvp)
    db.session.flush()
    return rsvp


def give_proxy(meeting: Meeting, by: User, *, giver: User, holder: User | None) -> Proxy:
    """Record that `giver` lets `holder` vote for them (by the giver, or by the secretary)."""
    meeting = lock_row(Meeting, meeting.id)  # one proxy change at a time per meeting
    require_state(meeting, PLANNED, IN_SESSION)
    entitled = {m.id for m in entitled_members(meeting)}
    if giver.id not in entitled:
        raise OperationError(_("Only a member of this meeting can give a proxy."), "giver_id")
    if holder is None or holder.id not in entitled:
        raise OperationError(_("Choose a member of this meeting."), "holder_id")
    if holder.id == giver.id:
        raise OperationError(_("A proxy goes to another member."), "holder_id")
    if proxy_given_by(meeting, giver.id):
        raise OperationError(_("A proxy has already been given for this meeting."), "holder_id")
    if proxy_held_by(meeting, holder.id):
        raise OperationError(
            _(
                "%(name)s already holds a proxy for this meeting.",
                name=isolate(holder.display_name),
            ),
            "holder_id",
        )
    if proxy_held_by(meeting, giver.id) or proxy_given_by(meeting, holder.id):
        raise OperationError(
            _(
                "Proxies cannot be passed on: a member who holds one cannot give one, and a member "
                "who gave one cannot hold one."
            ),
            "holder_id",
        )
    if member_has_voted_in_meeting(meeting, giver.id):
        raise OperationError(_("The giver has already voted in this meeting."), "holder_id")
    proxy = Proxy(
        meeting_id=meeting.id, giver_id=giver.id, holder_id=holder.id, recorded_by_id=by.id
    )
    db.session.add(proxy)
    try:
        db.session.flush()
    except IntegrityError as error:  # a concurrent request won: the constraints decide
        raise OperationError(
            _("A proxy has already been given for this meeting."), "holder_id"
        ) from error
    append_event(
        "proxy.given", f"meeting:{meeting.id}", {"giver_id": giver.id, "holder_id": holder.id}, by
    )
    signals.proxy_given.send(proxy, by=by)
    return proxy


def revoke_proxy(proxy: Proxy, by: User) -> None:
    meeting = lock_row(Meeting, proxy.meeting_id)
    require_state(meeting, PLANNED, IN_SESSION)
    if proxy_was_used(proxy):
        raise OperationError(_("This proxy has been used to vote: it stays."))
    db.session.delete(proxy)
    db.session.flush()
    append_event(
        "proxy.revoked",
        f"meeting:{meeting.id}",
        {"giver_id": proxy.giver_id, "holder_id": proxy.holder_id},
        by,
    )
    signals.proxy_withdrawn.send(proxy, by=by)


# --- attendance and quorum ----------------------------------------------------------------


def record_attendance(
    meeting: Meeting,
    by: User,
    *,
    member: User,
    status,
    arrived_at: datetime | None = None,
    left_at: datetime | None = None,
):
    user = member
    require_state(meeting, IN_SESSION)
    if user.id not in {m.id for m in entitled_members(meeting)}:
        raise OperationError(_("This person is not a member of this meeting."))
    status = AttendanceStatus(status)
    if status != AttendanceStatus.PRESENT:
        arrived_at = left_at = None
    if arrived_at and left_at and left_at <= arrived_at:
        raise OperationError(
            _(
                "%(name)s: the time of leaving must come after the time of arrival.",
                name=user.display_name,
            )
        )
    row = db.session.get(Attendance, (meeting.id, user.id)) or Attendance(
        meeting_id=meeting.id, user_id=user.id
    )
    row.status, row.arrived_at, row.left_at = status, arrived_at, left_at
    row.recorded_by_id, row.recorded_at = by.id, utcnow()
    db.session.add(row)
    db.session.flush()
    return row


def _this_minute() -> datetime:
    return utcnow().replace(second=0, microsecond=0)


def stamp_arrival(meeting: Meeting, by: User, *, member: User) -> Attendance:
    """`member` comes in now: present from this minute (a late arrival)."""
    return record_attendance(
        meeting, by, member=member, status=AttendanceStatus.PRESENT, arrived_at=_this_minute()
    )


def stamp_departure(meeting: Meeting, by: User, *, member: User) -> Attendance:
    """`member` leaves now: present until this minute."""
    row = db.session.get(Attendance, (meeting.id, member.id))
    if row is None or row.status != AttendanceStatus.PRESENT:
        raise OperationError(
            _("%(name)s is not recorded as present.", name=isolate(member.display_name))
        )
    return record_attendance(
        meeting,
        by,
        member=member,
        status=AttendanceStatus.PRESENT,
        arrived_at=row.arrived_at,
        left_at=_this_minute(),
    )
