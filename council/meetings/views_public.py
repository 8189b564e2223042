"""Public pages: the list of meetings, one meeting with its results, and calendars."""

from flask import Response, render_template
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from council.db_types import utcnow
from council.extensions import db
from council.meetings import calendar, labels
from council.meetings import queries as meetings
from council.meetings.blueprint import bp
from council.meetings.models import AgendaItem, Meeting, MeetingState, Proxy, Rsvp
from council.meetings.permissions import sees_named_votes
from council.meetings.room_screen import render_screen
from council.permissions import anyone, requires
from council.polls import queries
from council.polls.models import Poll, PollState
from council.polls.operations import voting_rights
from council.polls.presentation import ballot_panel

ICS = "text/calendar; charset=utf-8"
OPEN = PollState.OPEN


@bp.route("/meetings/")
@requires(anyone)
def index():
    now = utcnow()
    rows = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
    upcoming = [
        m
        for m in rows
        if m.is_open_for_business and m.ends_at >= now or m.state == MeetingState.IN_SESSION
    ]
    past = [m for m in reversed(rows) if m not in upcoming]
    return render_template("meetings/index.html", upcoming=upcoming, past=past, labels=labels)


def meeting_with_agenda(meeting_id: int) -> Meeting:
    """The meeting with its items, their polls and frozen results: a fixed number of queries
    however long the agenda (the page shows every poll of every item)."""
    agenda = selectinload(Meeting.items).selectinload(AgendaItem.polls).selectinload(Poll.result)
    return db.one_or_404(select(Meeting).where(Meeting.id == meeting_id).options(agenda))


@bp.route("/meetings/<int:meeting_id>")
@requires(anyone)
def show(meeting_id: int):
    meeting = meeting_with_agenda(meeting_id)
    context = meeting_context(meeting)
    return render_template("meetings/show.html", **context)


def meeting_context(meeting: Meeting) -> dict:
    attendance = meetings.attendance_of(meeting)
    counts = {status: 0 for status in labels.ATTENDANCE}
    for row in attendance.values():
        counts[row.status] += 1
    proxies = db.session.scalars(
        select(Proxy)
        .where(Proxy.meeting_id == meeting.id)
        .options(joinedload(Proxy.giver), joinedload(Proxy.holder))
    ).all()
    polls = queries.polls_voter_can_see(meeting)
    member = current_user if meetings.is_entitled(meeting, current_user) else None
    rights = {poll.id: voting_rights(poll, current_user) for poll in polls}
    return {
        "meeting": meeting,
        "labels": labels,
        "attendance": attendance,
        "counts": counts,
        "proxies": proxies,
        "quorum": meetings.live_quorum(meeting),
        "on_screen": meetings.item_on_screen(meeting),
        "named_visible": sees_named_votes(current_user),
        "queries": queries,
        "rights": rights,
        # The open polls come first on the page, with their buttons: one tap to vote.
        "ballots": [
            ballot_panel(poll, current_user, rights[poll.id])
            for poll in polls
            if poll.state == OPEN
        ],
        "member": member,
        "rsvp": db.session.get(Rsvp, (meeting.id, member.id)) if member else None,
        "my_proxy": meetings.proxy_given_by(meeting, member.id) if member else None,
        "held_proxy": meetings.proxy_held_by(meeting, member.id) if member else None,
    }


@bp.route("/meetings/<int:meeting_id>/screen")
@requires(anyone)
def screen(meeting_id: int):
    """The room's screen (council/meetings/room_screen.py): what the public page shows."""
    meeting = meeting_with_agenda(meeting_id)
    return render_screen(meeting, str(get_locale()))


@bp.route("/meetings.ics")
@requires(anyone)
def calendar_feed():
    rows = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
    return Response(
        calendar.render(rows),
        mimetype=ICS,
        headers={"Content-Disposition": 'inline; filename="meetings.ics"'},
    )


@bp.route("/meetings/<int:meeting_id>.ics")
@requires(anyone)
def meeting_calendar(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    return Response(
        calendar.render([meeting]),
        mimetype=ICS,
        headers={"Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'},
    )
