"""Reminders to each service that has not answered: 7 days before and on the deadline.

Each (recommendation, service, reminder) is sent at most once, whatever how often cron runs.

Seven days before, the service's officials hear of it once, as a "deadline coming" notification
(`deadline_near` → notifications/receivers.py): in their language, by email or in their digest
as they chose. The reminder email then goes only to the service's contact address (no account),
unless that address is an official's, who has the notice already. On the deadline the reminder
email goes to the contact address and the officials alike (no notification of theirs says it).
"""

from datetime import date, timedelta

from sqlalchemy import select

from council import signals
from council.dates import council_today
from council.extensions import db
from council.mail.outbox import queue_mail
from council.recommendations.links import absolute, recommendation_url
from council.recommendations.models import (
    REMINDER_DAYS_BEFORE,
    Recommendation,
    RecommendationState,
    ReminderSent,
)


def _due(recommendation, today: date) -> str | None:
    if today >= recommendation.deadline:
        return "due"
    if today >= recommendation.deadline - timedelta(days=REMINDER_DAYS_BEFORE):
        return "before"
    return None


def send_reminders(today: date | None = None) -> int:
    """Queue the reminders due today; returns how many were queued. Safe to run repeatedly."""
    today = today or council_today()
    waiting = db.session.scalars(
        select(Recommendation).where(
            Recommendation.state == RecommendationState.TRANSMITTED,
            Recommendation.deadline <= today + timedelta(days=REMINDER_DAYS_BEFORE),
        )
    ).all()
    sent = {
        (row.recommendation_id, row.service_id, row.kind)
        for row in db.session.scalars(
            select(ReminderSent).where(
                ReminderSent.recommendation_id.in_([r.id for r in waiting] or [0])
            )
        )
    }
    queued = 0
    for recommendation in waiting:
        kind = _due(recommendation, today)
        if kind is None:
            continue
        for service in recommendation.services:
            if recommendation.response_of(service) or (recommendation.id, service.id, kind) in sent:
                continue
            _remind(recommendation, service, kind, today)
            queued += 1
    db.session.flush()
    return queued


def _reminder_recipients(service, kind: str) -> dict[str, str | None]:
    """email → language of the reminder email (None: the council's default language)."""
    officials = [official for official in service.officials if official.is_active_account]
    recipients = {service.contact_email: None} if service.contact_email else {}
    if kind == "before":  # the officials get the notification instead: one notice each
        theirs = {official.email.casefold() for official in officials}
        return {email: lang for email, lang in recipients.items() if email.casefold() not in theirs}
    recipients.update({official.email: official.locale for official in officials})
    return recipients


def _remind(recommendation, service, kind: str, today: date) -> None:
    url = absolute(recommendation_url(recommendation))
    days_left = (recommendation.deadline - today).days
    for email, locale in _reminder_recipients(service, kind).items():
        queue_mail(
            email,
            "recommendation_reminder",
            locale,
            recommendation=recommendation,
            service=service,
            kind=kind,
            days_left=days_left,
            url=url,
        )
    db.session.add(
        ReminderSent(recommendation_id=recommendation.id, service_id=service.id, kind=kind)
    )
    signal = signals.deadline_near if kind == "before" else signals.deadline_reached
    signal.send(recommendation, by=None, service_id=service.id, deadline=recommendation.deadline)
