"""Notifying people, their email choices, reading and following. Flushes, never commits."""

from collections.abc import Iterable

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from council.accounts.models import User
from council.db_types import utcnow
from council.extensions import db
from council.mail.outbox import queue_mail
from council.notifications.kinds import KIND_LABELS
from council.notifications.models import (
    DIGEST_DELIVERIES,
    Delivery,
    Follow,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from council.notifications.unsubscribe import unsubscribe_url

DEFAULT_DELIVERY = Delivery.IMMEDIATELY
TITLE_MAX = 300


def preferences_of(user) -> dict[NotificationKind, Delivery]:
    chosen = {
        row.kind: row.delivery
        for row in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    return {kind: chosen.get(kind, DEFAULT_DELIVERY) for kind in NotificationKind}


def set_preferences(user, choices: dict[NotificationKind, Delivery]) -> None:
    db.session.execute(
        delete(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    for kind, delivery in choices.items():
        db.session.add(
            NotificationPreference(
                user_id=user.id, kind=NotificationKind(kind), delivery=Delivery(delivery)
            )
        )
    db.session.flush()


def absolute_url(link: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + link


def notify(users: Iterable, kind: NotificationKind, subject_title: str, link: str, **params):
    """The one entry point for every domain: tell these people that something happened.

    `params` must be JSON values (names, state codes), never translated text: the sentence is
    built later, in each reader's language. Inactive accounts and duplicates are skipped.
    """
    kind = NotificationKind(kind)
    created = []
    seen: set[int] = set()
    for user in users:
        if user is None or user.id in seen or not user.is_active_account:
            continue
        seen.add(user.id)
        delivery = preferences_of(user)[kind]
        notification = Notification(
            user_id=user.id,
            kind=kind,
            subject_title=subject_title[:TITLE_MAX],
            link=link,
            params=params,
            delivery=delivery,
        )
        db.session.add(notification)
        if delivery == Delivery.IMMEDIATELY:
            _mail_now(user, notification)
        created.append(notification)
    db.session.flush()
    return created


def settings_url() -> str:
    return absolute_url("/notifications/preferences")


def _mail_now(user, notification: Notification) -> None:
    """One email, in the person's language, saying why it came and how to stop it."""
    notification.emailed_at = utcnow()
    stop = unsubscribe_url(user, notification.kind.value)
    queue_mail(
        user.email,
        "notification",
        user.locale,
        unsubscribe_url=stop,
        notification=notification,
        url=absolute_url(notification.link),
        ics_url=absolute_url(notification.params["ics"]) if notification.params.get("ics") else "",
        reason=KIND_LABELS[notification.kind],
        settings_url=settings_url(),
        unsubscribe_link=stop,
    )


def kinds_to_stop(user, what: str) -> list[NotificationKind]:
    """What an unsubscribe link stops: one kind, or every kind its digest carried."""
    if what in DIGEST_DELIVERIES:
        return [kind for kind, delivery in preferences_of(user).items() if delivery == what]
    return [NotificationKind(what)]


def stop_emails(user, what: str, by=None) -> list[NotificationKind]:
    """Unsubscribe (a mail program's one-click POST): these kinds are no longer emailed; they
    still appear on the site. Doing it twice changes nothing more."""
    choices = preferences_of(user)
    stopped = kinds_to_stop(user, what)
    for kind in stopped:
        choices[kind] = Delivery.NEVER
    set_preferences(user, choices)
    return stopped


def latest_unread(user, limit: int = 5) -> list[Notification]:
    """The news a person has not seen yet, newest first (their home page shows these)."""
    return db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount


def is_following(user, subject_kind: str, subject_id: int) -> bool:
    return db.session.get(Follow, (user.id, subject_kind, subject_id)) is not None


def follow(user, subject_kind: str, subject_id: int) -> None:
    """Idempotent: following twice (double click, two tabs) leaves one row."""
    if is_following(user, subject_kind, subject_id):
        return
    try:
        with db.session.begin_nested():
            db.session.add(
                Follow(user_id=user.id, subject_kind=subject_kind, subject_id=subject_id)
            )
    except IntegrityError:
        pass  # the other tab won the race: the person follows, which is what they asked


def unfollow(user, subject_kind: str, subject_id: int) -> None:
    db.session.execute(
        delete(Follow).where(
            Follow.user_id == user.id,
            Follow.subject_kind == subject_kind,
            Follow.subject_id == subject_id,
        )
    )


def followers_of(subject_kind: str, subject_id: int):
    return db.session.scalars(
        select(User)
        .join(Follow, Follow.user_id == User.id)
        .where(Follow.subject_kind == subject_kind, Follow.subject_id == subject_id)
        .order_by(User.id)
    ).all()
