"""Referral state changes. Each flushes, never commits."""

from datetime import date

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from council import signals
from council.accounts.models import User
from council.dates import council_today
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.notifications.models import NotificationKind
from council.notifications.operations import followers_of, notify
from council.notifications.theme_follows import referral_audience
from council.referrals.models import QUESTION_MAX, REASON_MAX, Referral, ReferralStatus
from council.referrals.permissions import (
    can_answer_referral,
    can_close_referral,
    can_refer_for,
)


def referral_url(referral: Referral) -> str:
    """The page's path, also outside a request (CLI, demo data), for notification links."""
    if has_request_context():
        return url_for("referrals.show", referral_id=referral.id)
    adapter = current_app.url_map.bind("localhost")
    return adapter.build("referrals.show", {"referral_id": referral.id})


def create_referral(
    by: User,
    *,
    question: str,
    context: str,
    service,
    wished_answer_date: date,
    language: str,
    theme=None,
) -> Referral:
    """The city's question; the secretaries and the members concerned by its theme are told
    (`notifications.theme_follows.referral_audience`)."""
    question = (question or "").strip()
    if not question:
        raise OperationError(_("Write the question."), "question")
    if len(question) > QUESTION_MAX:
        raise OperationError(_("Use at most %(max)d characters.", max=QUESTION_MAX), "question")
    if service is None or not can_refer_for(by, service):
        raise OperationError(_("You can only refer questions for your own service."), "service_id")
    if wished_answer_date <= council_today():
        raise OperationError(_("Choose a date in the future."), "wished_answer_date")
    referral = Referral(
        question=question,
        context=(context or "").strip(),
        service_id=service.id,
        referred_by_id=by.id,
        wished_answer_date=wished_answer_date,
        language=language,
        status=ReferralStatus.OPEN,
        theme_id=theme.id if theme is not None else None,
    )
    db.session.add(referral)
    db.session.flush()
    notify(
        [person for person in referral_audience(referral) if person.id != by.id],
        NotificationKind.REFERRAL_RECEIVED,
        question,
        referral_url(referral),
        service=service.name,
        service_id=service.id,
    )
    signals.referral_created.send(referral, by=by)
    return referral


def _note(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise OperationError(_("Write a short note."), "note")
    if len(text) > REASON_MAX:
        raise OperationError(_("Use at most %(max)d characters.", max=REASON_MAX), "note")
    return text


def _require_open(referral: Referral) -> None:
    if referral.status != ReferralStatus.OPEN:
        # Someone else settled it meanwhile (stale page): say so instead of failing.
        raise OperationError(
            _("This referral is already %(status)s.", status=referral.status.label), "note"
        )


def _tell_followers(referral: Referral, by: User) -> None:
    people = [referral.referred_by, *followers_of("referral", referral.id)]
    notify(
        [person for person in people if person is not None and person.id != by.id],
        NotificationKind.STATE_CHANGE,
        referral.question,
        referral_url(referral),
        state=referral.status.value,
    )


def mark_referral_answered(referral: Referral, by: User, *, note: str) -> None:
    """The council has answered (the proposals work will link the adopted proposal here)."""
    if not can_answer_referral(by, referral):
        raise OperationError(_("Only the bureau records the council's answer."), "note")
    note = _note(note)
    _require_open(referral)
    referral.status = ReferralStatus.ANSWERED
    referral.answered_at = utcnow()
    referral.answered_by_id = by.id
    referral.answer_note = note
    db.session.flush()
    _tell_followers(referral, by)


def close_referral(referral: Referral, by: User, *, reason: str) -> None:
    if not can_close_referral(by, referral):
        raise OperationError(_("You cannot close this referral."), "note")
    reason = _note(reason)
    _require_open(referral)
    referral.status = ReferralStatus.CLOSED
    referral.closed_at = utcnow()
    referral.closed_by_id = by.id
    referral.close_reason = reason
    db.session.flush()
    _tell_followers(referral, by)


def open_referrals() -> list[Referral]:
    return db.session.scalars(
        select(Referral)
        .where(Referral.status == ReferralStatus.OPEN)
        .order_by(Referral.wished_answer_date, Referral.id)
    ).all()
