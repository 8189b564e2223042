"""The generated part of the minutes: what the meeting record says, as plain data.

Rendered live while the minutes are a draft, frozen into `Minutes.record` at approval. Names are
the members' chosen display names (never emails); times are ISO strings in UTC.
"""

from datetime import datetime

from sqlalchemy import select

from council.accounts.models import User
from council.audit.models import AuditEvent
from council.extensions import db
from council.meetings import queries as meetings
from council.meetings.models import AttendanceStatus, Meeting, Proxy
from council.minutes.links import item_links
from council.polls.models import PollState
from council.quorum import quorum_needed


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def parse_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _attendance(meeting: Meeting) -> dict:
    rows = sorted(
        meetings.attendance_of(meeting).values(),
        key=lambda row: (row.user.display_name.casefold(), row.user_id),
    )
    groups = {status.value: [] for status in AttendanceStatus}
    for row in rows:
        groups[row.status.value].append(
            {
                "id": row.user_id,
                "name": row.user.display_name,
                "arrived_at": _iso(row.arrived_at),
                "left_at": _iso(row.left_at),
            }
        )
    return groups


def _proxies(meeting: Meeting) -> list[dict]:
    rows = db.session.scalars(
        select(Proxy).where(Proxy.meeting_id == meeting.id).order_by(Proxy.id)
    )
    return [{"giver": p.giver.display_name, "holder": p.holder.display_name} for p in rows]


def _poll(poll) -> dict:
    data = {"id": poll.id, "question": poll.question, "state": poll.state.value}
    if poll.state == PollState.CANCELLED:
        data["cancel_reason"] = poll.cancel_reason
    result = poll.result if poll.state == PollState.CLOSED else None
    if result is not None:
        data["result"] = {
            "for": result.votes_for,
            "against": result.votes_against,
            "abstain": result.votes_abstain,
            "total": result.total,
            "majority": result.majority.value,
            "secrecy": result.secrecy.value,
            "mode": result.mode.value,
            "method": result.method.value,
            "members_in_office": result.members_in_office,
            "quorum_needed": result.quorum_needed,
            "quorum_count": result.quorum_count,
            "quorum_reached": result.quorum_reached,
            "outcome": result.outcome.value,
            "proxies": len(result.proxies),
            "audit_head": result.audit_head,
        }
    return data


def _in_office(meeting: Meeting, attendance: dict) -> int:
    # The polls' frozen lists say who was in office then; later account changes do not count.
    for item in meeting.items:
        for poll in item.polls:
            if poll.result is not None:
                return poll.result.members_in_office
    recorded = sum(len(people) for people in attendance.values())
    return recorded or len(meetings.entitled_members(meeting))


def build_record(meeting: Meeting) -> dict:
    attendance = _attendance(meeting)
    in_office = _in_office(meeting, attendance)
    present = len(attendance[AttendanceStatus.PRESENT.value])
    needed = quorum_needed(in_office)
    return {
        "meeting": {
            "id": meeting.id,
            "title": meeting.title,
            "kind": meeting.kind.value,
            "starts_at": _iso(meeting.starts_at),
            "ends_at": _iso(meeting.ends_at),
            "started_at": _iso(meeting.started_at),
            "closed_at": _iso(meeting.closed_at),
            "place": meeting.place,
            "online_url": meeting.online_url,
        },
        "attendance": attendance,
        "proxies": _proxies(meeting),
        "quorum": {
            "in_office": in_office,
            "present": present,
            "needed": needed,
            "reached": present >= needed,
        },
        "items": [
            {
                "id": item.id,
                "position": item.position,
                "kind": item.kind.value,
                "title": item.title,
                "description": item.description,
                "links": item_links(item),
                "polls": [_poll(poll) for poll in item.polls],
            }
            for item in meeting.items
        ],
        "audit_head": _closing_hash(meeting),
    }


def _meeting_event(meeting: Meeting, kind: str) -> AuditEvent | None:
    return db.session.scalar(
        select(AuditEvent)
        .where(AuditEvent.kind == kind, AuditEvent.subject == f"meeting:{meeting.id}")
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    )


def _closing_hash(meeting: Meeting) -> str | None:
    """The audit chain's hash at the meeting's close, which anyone can check with the log."""
    event = _meeting_event(meeting, "meeting.closed")
    return event.hash if event else None


def default_chair(meeting: Meeting) -> str:
    """Who opened the session, from the audit log (the secretary may change it)."""
    event = _meeting_event(meeting, "meeting.started")
    user = db.session.get(User, event.actor_id) if event and event.actor_id else None
    return user.display_name if user else ""
