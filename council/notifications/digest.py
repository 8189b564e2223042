"""The daily digest: one email per person per day with the news they chose to get daily."""

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from council.accounts.models import User
from council.extensions import db
from council.mail.outbox import queue_mail
from council.notifications.models import Delivery, Notification, NotificationDigest
from council.notifications.operations import absolute_url


def _due_by_user() -> dict[int, list[Notification]]:
    due = db.session.scalars(
        select(Notification)
        .where(
            Notification.delivery == Delivery.DAILY,
            Notification.digest_id.is_(None),
            Notification.read_at.is_(None),  # already seen on the site: no need to mail it
        )
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    ).all()
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in due:
        by_user[notification.user_id].append(notification)
    return by_user


def send_daily_digests(day: date) -> int:
    """Queue today's digests; returns how many were queued. Safe to run again the same day.

    Each digest row is UNIQUE per (person, day) and the notifications it carries point to it,
    so a second run (cron retry, two servers) neither repeats nor sends a second digest.
    """
    sent = 0
    for user_id, notifications in _due_by_user().items():
        user = db.session.get(User, user_id)
        if not user.is_active_account:
            continue
        try:
            with db.session.begin_nested():
                digest = NotificationDigest(user_id=user_id, day=day)
                db.session.add(digest)
                db.session.flush()
        except IntegrityError:
            continue  # this person already had today's digest: the rest waits for tomorrow
        for notification in notifications:
            notification.digest_id = digest.id
        queue_mail(
            user.email,
            "notification_digest",
            user.locale,
            notifications=notifications,
            links={n.id: absolute_url(n.link) for n in notifications},
        )
        sent += 1
    db.session.flush()
    return sent
