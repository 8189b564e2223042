"""Reminder emails 3 days and 1 day before a meeting, each sent at most once per person."""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from council.dates import council_date
from council.db_types import utcnow
from council.extensions import db
from council.mail.outbox import queue_mail
from council.meetings import queries as meetings
from council.meetings.models import Meeting, MeetingState, ReminderSent, Rsvp, RsvpAnswer

WINDOWS = (1, 3)  # days before; the nearest due window wins when the job ran late


def _due_window(meeting: Meeting, now: datetime) -> int | None:
    for days in WINDOWS:
        if now < meeting.starts_at <= now + timedelta(days=days):
            return days
    return None


def send_reminders(now: datetime | None = None) -> int:
    """Queue the reminders due now; returns how many were queued. Safe to run repeatedly."""
    now = now or utcnow()
    upcoming = db.session.scalars(
        select(Meeting).where(
            Meeting.state == MeetingState.PLANNED,
            Meeting.starts_at > now,
            Meeting.starts_at <= now + timedelta(days=max(WINDOWS)),
        )
    ).all()
    queued = 0
    for meeting in upcoming:
        days = _due_window(meeting, now)
        already = set(
            db.session.scalars(
                select(ReminderSent.user_id).where(
                    ReminderSent.meeting_id == meeting.id, ReminderSent.days_before <= days
                )
            )
        )
        excused = set(
            db.session.scalars(
                select(Rsvp.user_id).where(
                    Rsvp.meeting_id == meeting.id, Rsvp.answer == RsvpAnswer.EXCUSED
                )
            )
        )
        # The mail says how many calendar days are left, not which window sent it: a meeting
        # on Saturday evening reminded on Thursday morning is "in 2 days".
        days_left = (council_date(meeting.starts_at) - council_date(now)).days
        link = f"{current_app.config['BASE_URL'].rstrip('/')}/meetings/{meeting.id}"
        for member in meetings.entitled_members(meeting):
            if member.id in already or member.id in excused:
                continue
            queue_mail(
                member.email,
                "meeting_reminder",
                member.locale,
                meeting=meeting,
                days=days_left,
                link=link,
                name=member.display_name,
            )
            # Reminded for the nearer date: the farther one is no longer due either.
            db.session.add(ReminderSent(meeting_id=meeting.id, user_id=member.id, days_before=days))
            queued += 1
    db.session.flush()
    return queued
