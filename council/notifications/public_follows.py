"""Following without an account (issue 13): a recommendation, a service, or the council's
meetings, by email, with double opt-in as for the minutes (council/minutes/subscriptions.py).

The public gets the city's answers and follow-ups (on the recommendation, or by the service),
new meetings and their minutes. Plain-text mail, plain links, one-click unsubscribe (RFC 8058).
The page says the same thing whether or not the address already follows: it never tells.
"""

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from council import signals
from council.db_types import utcnow
from council.extensions import db
from council.mail.outbox import queue_mail
from council.meetings.models import Meeting
from council.notifications.models import PublicFollow, PublicFollowSubject
from council.recommendations.models import Recommendation
from council.services.models import Service
from council.tokens import hash_token, new_token

CONFIRM_DAYS = 7
S = PublicFollowSubject


def _absolute(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def subject_of(kind: str, subject_id: int):
    """The public object followed, or None (unknown, or not public: a recommendation the
    council has not transmitted yet is not the public's to follow)."""
    if kind == S.MEETINGS:
        return "meetings" if subject_id == 0 else None
    if kind == S.SERVICE:
        return db.session.get(Service, subject_id)
    if kind == S.RECOMMENDATION:
        recommendation = db.session.get(Recommendation, subject_id)
        return recommendation if recommendation is not None and recommendation.is_public else None
    return None


def subject_link(kind: str, subject_id: int) -> str:
    return {
        S.MEETINGS: "/meetings/",
        S.SERVICE: f"/services/{subject_id}",
        S.RECOMMENDATION: f"/recommendations/{subject_id}",
    }[S(kind)]


def _find(email: str, kind: str, subject_id: int) -> PublicFollow | None:
    return db.session.scalar(
        select(PublicFollow).where(
            PublicFollow.email == email,
            PublicFollow.subject_kind == kind,
            PublicFollow.subject_id == subject_id,
        )
    )


def follow_by_email(email: str, locale: str, kind: str, subject_id: int, title: str) -> None:
    """Send a confirmation link (again); an address that already confirmed gets nothing."""
    email = email.strip().lower()
    kind = S(kind)
    follow = _find(email, kind, subject_id)
    if follow is not None and follow.confirmed_at is not None:
        return
    token, token_hash = new_token()
    if follow is None:
        follow = PublicFollow(
            email=email,
            subject_kind=kind,
            subject_id=subject_id,
            unsubscribe_key=secrets.token_urlsafe(32),
        )
        db.session.add(follow)
    follow.locale, follow.confirm_token_hash, follow.created_at = locale, token_hash, utcnow()
    db.session.flush()
    queue_mail(
        email,
        "public_follow_confirm",
        locale,
        title=title,
        link=_absolute(f"/follow-by-email/confirm/{token}"),
        days=CONFIRM_DAYS,
    )


def confirm(token: str) -> PublicFollow | None:
    follow = db.session.scalar(
        select(PublicFollow).where(PublicFollow.confirm_token_hash == hash_token(token))
    )
    if follow is None or follow.created_at < utcnow() - timedelta(days=CONFIRM_DAYS):
        return None
    follow.confirmed_at, follow.confirm_token_hash = utcnow(), None
    db.session.flush()
    return follow


def by_unsubscribe_key(key: str) -> PublicFollow | None:
    return db.session.scalar(select(PublicFollow).where(PublicFollow.unsubscribe_key == key))


def unsubscribe(key: str) -> bool:
    """Forget the address for this subject altogether; False when it did not follow it."""
    follow = by_unsubscribe_key(key)
    if follow is None:
        return False
    db.session.delete(follow)
    db.session.flush()
    return True


def _confirmed(kind: S, subject_id: int) -> list[PublicFollow]:
    return list(
        db.session.scalars(
            select(PublicFollow)
            .where(
                PublicFollow.subject_kind == kind,
                PublicFollow.subject_id == subject_id,
                PublicFollow.confirmed_at.is_not(None),
            )
            .order_by(PublicFollow.id)
        )
    )


def _announce(follows: list[PublicFollow], event: str, title: str, link: str, **context) -> int:
    """One email per address (an address following both the recommendation and its service
    gets one), in each follower's language."""
    sent: set[str] = set()
    for follow in follows:
        if follow.email in sent:
            continue
        sent.add(follow.email)
        stop = _absolute(f"/follow-by-email/stop/{follow.unsubscribe_key}")
        queue_mail(
            follow.email,
            "public_follow_news",
            follow.locale,
            unsubscribe_url=stop,
            event=event,
            title=title,
            link=_absolute(link),
            unsubscribe_link=stop,
            locale_code=follow.locale,
            **context,
        )
    return len(sent)


def _answer_news(recommendation, service_id: int, event: str) -> int:
    service = db.session.get(Service, service_id)
    follows = [*_confirmed(S.RECOMMENDATION, recommendation.id), *_confirmed(S.SERVICE, service_id)]
    return _announce(
        follows,
        event,
        recommendation.title,
        f"/recommendations/{recommendation.id}",
        service=service,
        recommendation=recommendation,  # its title in each follower's language (the mail)
    )


@signals.response_posted.connect
def _response_posted(recommendation, *, service_id, version, **extra) -> None:
    _answer_news(recommendation, service_id, "answered" if version.number == 1 else "revised")


@signals.follow_up_posted.connect
def _follow_up_posted(recommendation, *, service_id, **extra) -> None:
    _answer_news(recommendation, service_id, "follow_up")


def _meeting_news(meeting: Meeting, event: str) -> None:
    """Who follows the meetings by email hears of a new one, of a new date or place (the
    calendar entry replaces the one they added) and of a cancellation."""
    _announce(
        _confirmed(S.MEETINGS, 0),
        event,
        meeting.title,
        f"/meetings/{meeting.id}",
        meeting=meeting,
        ics=_absolute(f"/meetings/{meeting.id}.ics"),
    )


@signals.meeting_scheduled.connect
def _meeting_scheduled(meeting: Meeting, **extra) -> None:
    _meeting_news(meeting, "meeting")


@signals.meeting_changed.connect
def _meeting_changed(meeting: Meeting, **extra) -> None:
    _meeting_news(meeting, "meeting_changed")


@signals.meeting_cancelled.connect
def _meeting_cancelled(meeting: Meeting, **extra) -> None:
    _meeting_news(meeting, "meeting_cancelled")


@signals.minutes_published.connect
def _minutes_published(minutes, **extra) -> None:
    _announce(
        _confirmed(S.MEETINGS, 0),
        "minutes",
        minutes.meeting.title,
        f"/meetings/{minutes.meeting_id}/minutes",
        meeting=minutes.meeting,
    )
