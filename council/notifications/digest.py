"""Digests: one email per person and period with the news they chose to get daily or weekly.

`send_digests(today)` is meant for a daily cron. A daily digest goes at most once a day; a weekly
one at most once a week (Monday to Sunday, so on Monday when news waited over the weekend).
Each period has its own row (person, period, first day of the period), UNIQUE: a second run the
same day or week sends nothing twice, and the next period sends again (a digest that went out
once and never again is the bug this layout prevents).
"""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from council.accounts.models import User
from council.extensions import db
from council.mail.outbox import queue_mail
from council.notifications.kinds import KIND_LABELS
from council.notifications.models import Delivery, Notification, NotificationDigest
from council.notifications.operations import absolute_url, settings_url
from council.notifications.unsubscribe import unsubscribe_url

WEEKLY_DIGEST_DAY = 0  # Monday


def period_start(period: Delivery, today: date) -> date:
    if period == Delivery.WEEKLY:
        days_since = (today.weekday() - WEEKLY_DIGEST_DAY) % 7
        return today - timedelta(days=days_since)
    return today


def _due_by_user(period: Delivery) -> dict[int, list[Notification]]:
    due = db.session.scalars(
        select(Notification)
        .where(
            Notification.delivery == period,
            Notification.digest_id.is_(None),
            Notification.read_at.is_(None),  # already seen on the site: no need to mail it
        )
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    ).all()
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in due:
        by_user[notification.user_id].append(notification)
    return by_user


def _claim(user_id: int, period: Delivery, start: date) -> NotificationDigest | None:
    try:
        with db.session.begin_nested():
            digest = NotificationDigest(user_id=user_id, period=period, day=start)
            db.session.add(digest)
            db.session.flush()
    except IntegrityError:
        return None  # this period's digest already went: the rest waits for the next one
    return digest


def send_period_digests(period: Delivery, today: date) -> int:
    """Queue the digests of one period that are due today; returns how many were queued."""
    start = period_start(period, today)
    sent = 0
    for user_id, notifications in _due_by_user(period).items():
        user = db.session.get(User, user_id)
        if not user.is_active_account:
            continue
        digest = _claim(user_id, period, start)
        if digest is None:
            continue
        for notification in notifications:
            notification.digest_id = digest.id
        stop = unsubscribe_url(user, period.value)
        queue_mail(
            user.email,
            "notification_digest",
            user.locale,
            unsubscribe_url=stop,
            notifications=notifications,
            links={n.id: absolute_url(n.link) for n in notifications},
            weekly=period == Delivery.WEEKLY,
            reasons=sorted({str(KIND_LABELS[n.kind]) for n in notifications}),
            settings_url=settings_url(),
            unsubscribe_link=stop,
        )
        sent += 1
    db.session.flush()
    return sent


def send_digests(today: date) -> dict[Delivery, int]:
    """Every digest due today (run it daily; running it again the same day sends nothing)."""
    return {
        period: send_period_digests(period, today) for period in (Delivery.DAILY, Delivery.WEEKLY)
    }


def send_daily_digests(day: date) -> int:
    """Today's daily digests only (kept for callers from before weekly digests)."""
    return send_period_digests(Delivery.DAILY, day)
