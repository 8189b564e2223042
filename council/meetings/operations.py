"""Meeting state changes: scheduling, agenda, RSVP, attendance, proxies. Flush, never commit."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from council.accounts.models import User
from council.audit.chain import append_event
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.meetings import proposal_bridge
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
from council.polls.locking import lock_row
from council.roles import Role

PLANNED, IN_SESSION = MeetingState.PLANNED, MeetingState.IN_SESSION


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


def _require_state(meeting: Meeting, *states: MeetingState) -> None:
    if meeting.state not in states:
        raise OperationError(
            _(
                "This cannot be done now: the meeting is %(state)s.",
                state=state_label(meeting.state),
            )
        )


def state_label(state: MeetingState) -> str:
    from council.meetings.labels import MEETING_STATES

    return str(MEETING_STATES[state])


# --- scheduling ---------------------------------------------------------------------------


def _check_details(kind, starts_at, ends_at, place, online_url, participants) -> None:
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
    _check_details(kind, starts_at, ends_at, place, online_url, participants)
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
    return meeting


def start_session(meeting: Meeting, by: User) -> None:
    _require_state(meeting, PLANNED)
    meeting.state, meeting.started_at = IN_SESSION, utcnow()
    db.session.flush()
    append_event("meeting.started", f"meeting:{meeting.id}", {}, by)


def close_meeting(meeting: Meeting, by: User) -> None:
    from council.polls.models import PollState
    from council.polls.operations import cancel_poll

    _require_state(meeting, IN_SESSION)
    polls = [poll for item in meeting.items for poll in item.polls]
    if any(poll.state == PollState.OPEN for poll in polls):
        raise OperationError(_("Close or cancel the open polls before closing the meeting."))
    for poll in polls:
        if poll.state == PollState.PREPARED:
            cancel_poll(poll, _("Not held: the meeting closed."), by)
    proposal_bridge.on_meeting_ended(meeting, by)  # proposals not decided go back
    meeting.state, meeting.closed_at = MeetingState.CLOSED, utcnow()
    db.session.flush()
    append_event("meeting.closed", f"meeting:{meeting.id}", {}, by)
    from council.minutes.operations import draft_minutes

    draft_minutes(meeting, by)  # drafted from the record; the secretary writes the narrative


def cancel_meeting(meeting: Meeting, reason: str, by: User) -> None:
    from council.polls.models import PollState
    from council.polls.operations import cancel_poll

    _require_state(meeting, PLANNED, IN_SESSION)
    if not reason.strip():
        raise OperationError(_("Give the reason for cancelling."), "reason")
    for item in meeting.items:
        for poll in item.polls:
            if poll.state in (PollState.PREPARED, PollState.OPEN):
                cancel_poll(poll, _("The meeting was cancelled."), by)
    proposal_bridge.on_meeting_ended(meeting, by)
    meeting.state, meeting.cancel_reason = MeetingState.CANCELLED, reason.strip()
    db.session.flush()
    append_event("meeting.cancelled", f"meeting:{meeting.id}", {"reason": reason.strip()}, by)


# --- agenda -------------------------------------------------------------------------------


def add_agenda_item(
    meeting: Meeting,
    kind,
    title: str,
    description: str,
    by: User,
    proposal_id: int | None = None,
    referral_id: int | None = None,
) -> AgendaItem:
    """A new last item; a `proposal` item schedules its proposal (see proposal_bridge)."""
    _require_state(meeting, PLANNED, IN_SESSION)
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


def move_agenda_item(item: AgendaItem, direction: str, by: User) -> None:
    _require_state(item.meeting, PLANNED, IN_SESSION)
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
    _require_state(item.meeting, PLANNED, IN_SESSION)
    if item.polls:
        raise OperationError(_("An item with a poll cannot be removed."))
    proposal_bridge.on_item_removed(item, by)
    meeting = item.meeting
    meeting.items.remove(item)
    for position, each in enumerate(meeting.items, start=1):
        each.position = position
    db.session.flush()


# --- members: RSVP and proxies ------------------------------------------------------------


def set_rsvp(meeting: Meeting, user: User, answer) -> Rsvp:
    _require_state(meeting, PLANNED)
    if not is_entitled(meeting, user):
        raise OperationError(_("You are not a member of this meeting."), "answer")
    rsvp = db.session.get(Rsvp, (meeting.id, user.id)) or Rsvp(
        meeting_id=meeting.id, user_id=user.id
    )
    rsvp.answer, rsvp.answered_at = RsvpAnswer(answer), utcnow()
    db.session.add(rsvp)
    db.session.flush()
    return rsvp


def proxy_given_by(meeting: Meeting, user_id: int) -> Proxy | None:
    return db.session.scalar(
        select(Proxy).where(Proxy.meeting_id == meeting.id, Proxy.giver_id == user_id)
    )


def proxy_held_by(meeting: Meeting, user_id: int) -> Proxy | None:
    return db.session.scalar(
        select(Proxy).where(Proxy.meeting_id == meeting.id, Proxy.holder_id == user_id)
    )


def _has_voted_in(meeting: Meeting, member_id: int) -> bool:
    from council.polls.queries import member_has_voted_in_meeting

    return member_has_voted_in_meeting(meeting, member_id)


def give_proxy(meeting: Meeting, giver: User, holder: User | None, by: User) -> Proxy:
    """Record that `giver` lets `holder` vote for them (by the giver, or by the secretary)."""
    meeting = lock_row(Meeting, meeting.id)  # one proxy change at a time per meeting
    _require_state(meeting, PLANNED, IN_SESSION)
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
            _("%(name)s already holds a proxy for this meeting.", name=holder.display_name),
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
    if _has_voted_in(meeting, giver.id):
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
    return proxy


def revoke_proxy(proxy: Proxy, by: User) -> None:
    meeting = lock_row(Meeting, proxy.meeting_id)
    _require_state(meeting, PLANNED, IN_SESSION)
    from council.polls.queries import proxy_was_used

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


# --- attendance and quorum ----------------------------------------------------------------


def record_attendance(
    meeting: Meeting,
    user: User,
    status,
    by: User,
    arrived_at: datetime | None = None,
    left_at: datetime | None = None,
):
    _require_state(meeting, IN_SESSION)
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


def quorum_needed(in_office: int) -> int:
    """Strictly more than half of the members in office."""
    return in_office // 2 + 1


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
