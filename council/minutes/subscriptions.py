"""Email subscription without an account to "new minutes published".

Double opt-in: subscribing only sends a confirmation link; nothing else is sent until it is
followed. Every announcement carries a one-click unsubscribe link (also as List-Unsubscribe).
Mail is plain text with plain links: no tracking pixel, no redirect, no per-mail identifier.
Requests are throttled per client address and per email address in the `limits` storage
shared with the login throttle (memory for one process, Redis for several).
"""

import secrets
from datetime import timedelta

from flask import current_app
from limits import parse
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import select

from council import signals
from council.db_types import utcnow
from council.extensions import db
from council.mail.outbox import queue_mail
from council.minutes.models import Minutes, MinutesSubscriber
from council.tokens import hash_token, new_token

CONFIRM_DAYS = 7
PER_ADDRESS = "10 per hour"  # a household or a library shares one address
PER_EMAIL = "3 per day"  # nobody can make the council mail-bomb someone


def _absolute(path: str) -> str:
    # Plain paths (as reminders do): publishing also runs from the command line, with no request.
    return current_app.config["BASE_URL"].rstrip("/") + path


def _limiter() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(current_app.extensions["login_throttle"].storage)


def allow_attempt(email: str, address: str | None) -> bool:
    """Count one subscription request; False when this address or email asked too often."""
    limiter = _limiter()
    checks = (
        (parse(PER_ADDRESS), "minutes-subscribe-address", address or "unknown"),
        (parse(PER_EMAIL), "minutes-subscribe-email", email.strip().lower()),
    )
    if not all(limiter.test(item, *keys) for item, *keys in checks):
        return False
    for item, *keys in checks:
        limiter.hit(item, *keys)
    return True


def find_by_email(email: str) -> MinutesSubscriber | None:
    return db.session.scalar(
        select(MinutesSubscriber).where(MinutesSubscriber.email == email.strip().lower())
    )


def subscribe(email: str, locale: str) -> None:
    """Send a confirmation link (again); an already confirmed address gets nothing more.

    The page says the same thing in every case, so it never tells whether someone subscribed.
    """
    email = email.strip().lower()
    subscriber = find_by_email(email)
    if subscriber is not None and subscriber.confirmed_at is not None:
        return
    token, token_hash = new_token()
    if subscriber is None:
        subscriber = MinutesSubscriber(email=email, unsubscribe_key=secrets.token_urlsafe(32))
        db.session.add(subscriber)
    subscriber.locale, subscriber.confirm_token_hash, subscriber.created_at = (
        locale,
        token_hash,
        utcnow(),
    )
    db.session.flush()
    queue_mail(
        email,
        "minutes_subscription_confirm",
        locale,
        link=_absolute(f"/subscribe/confirm/{token}"),
        days=CONFIRM_DAYS,
    )


def confirm(token: str) -> MinutesSubscriber | None:
    """Follow the emailed link: the subscription starts. None when unknown or expired."""
    subscriber = db.session.scalar(
        select(MinutesSubscriber).where(MinutesSubscriber.confirm_token_hash == hash_token(token))
    )
    if subscriber is None or subscriber.created_at < utcnow() - timedelta(days=CONFIRM_DAYS):
        return None
    subscriber.confirmed_at, subscriber.confirm_token_hash = utcnow(), None
    db.session.flush()
    return subscriber


def by_unsubscribe_key(key: str) -> MinutesSubscriber | None:
    return db.session.scalar(
        select(MinutesSubscriber).where(MinutesSubscriber.unsubscribe_key == key)
    )


def unsubscribe(key: str) -> bool:
    """Forget the address altogether (nothing kept); False when it was not subscribed."""
    subscriber = by_unsubscribe_key(key)
    if subscriber is None:
        return False
    db.session.delete(subscriber)
    db.session.flush()
    return True


def unsubscribe_url(subscriber: MinutesSubscriber) -> str:
    return _absolute(f"/subscribe/unsubscribe/{subscriber.unsubscribe_key}")


def announce_publication(minutes: Minutes) -> int:
    """Queue one email per confirmed subscriber, in their language. Returns how many."""
    subscribers = db.session.scalars(
        select(MinutesSubscriber)
        .where(MinutesSubscriber.confirmed_at.is_not(None))
        .order_by(MinutesSubscriber.id)
    ).all()
    link = _absolute(f"/meetings/{minutes.meeting_id}/minutes")
    for subscriber in subscribers:
        address = unsubscribe_url(subscriber)
        queue_mail(
            subscriber.email,
            "minutes_published",
            subscriber.locale,
            unsubscribe_url=address,
            meeting=minutes.meeting,
            link=link,
            unsubscribe_link=address,
        )
    return len(subscribers)


@signals.minutes_published.connect
def _announce(minutes: Minutes, **extra) -> None:
    announce_publication(minutes)
