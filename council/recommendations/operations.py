"""Every state change of a recommendation. Flushes, never commits (one commit per request).

The web pages and the JSON API call the same functions: `by` is the acting user, or None when
the caller has already authenticated the service itself (an API token of that service).
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from council import signals
from council.actors import actor_id
from council.dates import council_today
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.i18n import DEFAULT_LOCALE, LOCALE_CODES, normalise
from council.mail.outbox import queue_mail
from council.notifications.models import NotificationKind
from council.notifications.operations import notify
from council.polls.models import Outcome
from council.recommendations.links import absolute, recommendation_url
from council.recommendations.models import (
    COMMITMENT_MAX,
    DEFAULT_RESPONSE_DAYS,
    JUSTIFICATION_MAX,
    NOTE_MAX,
    Commitment,
    FollowUp,
    FollowUpStatus,
    Recommendation,
    RecommendationState,
    Response,
    ResponseStatus,
    ResponseVersion,
)
from council.recommendations.permissions import (
    can_answer_for,
    can_follow_up,
    can_transmit,
    can_transmit_recommendation,
)
from council.recommendations.translatable import FIELDS, carry_over_translations
from council.translations_content.choice import freeze_french
from council.translations_content.queries import translations_for

MAX_DEADLINE_DAYS = 730
MAX_COMMITMENTS = 20


def council_today_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _refused() -> OperationError:
    return OperationError(_("You cannot do this."))


def _frozen_translations(proposal) -> dict:
    """The proposal's current translations as adopted, keyed by locale (outdated ones left out)."""
    exposed = translations_for("proposal", proposal.id) if proposal.id else {}
    frozen: dict[str, dict] = {}
    names = {"title": "title", "body": "body", "easy_read": "summary"}
    for locale, fields in (exposed.get("translations") or {}).items():
        current = {names[n]: f["text"] for n, f in fields.items() if not f["outdated"]}
        if current:
            frozen[locale] = {"title": None, "body": None, "summary": None, **current}
    return frozen


def _text_language(language, by) -> str:
    """The language a response or follow-up is written in: as chosen, else the author's
    account language (the API's `by` is None: French, the council's working language)."""
    if language in (None, ""):
        return normalise(getattr(by, "locale", None)) or DEFAULT_LOCALE
    code = normalise(language) if isinstance(language, str) else None
    if code not in LOCALE_CODES:
        raise OperationError(_("Choose an option from the list."), "language")
    return code


def create_recommendation(proposal, by, *, result) -> Recommendation | None:
    """Called after every poll close: an adopted proposal becomes a recommendation, frozen.

    Any other outcome, or a poll about no proposal, creates nothing. A second call for the same
    proposal returns the recommendation already made.
    """
    if proposal is None or result is None or result.outcome != Outcome.ADOPTED:
        return None
    existing = db.session.scalar(
        select(Recommendation).where(Recommendation.proposal_id == proposal.id)
    )
    if existing is not None:
        return existing
    recommendation = Recommendation(
        proposal_id=proposal.id,
        poll_id=result.poll_id,
        meeting_id=result.poll.item.meeting_id,
        title=proposal.title,
        body=proposal.body,
        summary=proposal.summary,
        language=proposal.language,
        frozen_translations=_frozen_translations(proposal),
        state=RecommendationState.ADOPTED,
        adopted_at=result.computed_at or utcnow(),
    )
    db.session.add(recommendation)
    db.session.flush()
    carry_over_translations(recommendation)
    signals.recommendation_adopted.send(recommendation, by=by)
    return recommendation


def default_deadline(today: date | None = None) -> date:
    return (today or council_today()) + timedelta(days=DEFAULT_RESPONSE_DAYS)


def _check_deadline(deadline, today: date) -> date:
    if not isinstance(deadline, date):
        raise OperationError(_("Enter a date like 2026-03-31."), "deadline")
    if deadline <= today:
        raise OperationError(_("The response deadline must be after today."), "deadline")
    if deadline > today + timedelta(days=MAX_DEADLINE_DAYS):
        raise OperationError(_("The response deadline must be within two years."), "deadline")
    return deadline


def transmit_recommendation(recommendation, by, *, services, deadline=None, now=None) -> None:
    """Send the recommendation to the chosen services; their officials and contact address
    are told at once. `now` lets the demo data write a past transmission."""
    if not can_transmit(by):
        raise _refused()
    if not can_transmit_recommendation(by, recommendation):
        raise OperationError(_("This recommendation has already been transmitted."))
    services = list(dict.fromkeys(services))
    if not services:
        raise OperationError(_("Choose at least one service."), "services")
    now = now or utcnow()
    today = now.astimezone(council_today_zone()).date()
    deadline = _check_deadline(deadline or default_deadline(today), today)
    recommendation.services = services
    recommendation.state = RecommendationState.TRANSMITTED
    recommendation.transmitted_at = now
    recommendation.transmitted_by_id = by.id
    recommendation.deadline = deadline
    # What the services receive, in French, stays as sent: later edits of a translation
    # change neither the transmitted text nor its French page.
    recommendation.frozen_french = freeze_french(
        ("recommendation", recommendation, field.name) for field in FIELDS
    )
    db.session.flush()
    link = recommendation_url(recommendation)
    for service in services:
        notify(
            service.officials,
            NotificationKind.RECOMMENDATION_RECEIVED,
            recommendation.title,
            link,
            service=service.name,
            service_id=service.id,
        )
        queue_mail(
            service.contact_email,
            "recommendation_transmitted",
            None,  # the service's shared address reads the council's working language
            recommendation=recommendation,
            service=service,
            url=absolute(link),
        )
    signals.recommendation_transmitted.send(
        recommendation, by=by, service_ids=[s.id for s in services], deadline=deadline
    )


def _status(value) -> ResponseStatus:
    try:
        return ResponseStatus(value)
    except ValueError:
        raise OperationError(_("Choose an option from the list."), "status") from None


def _as_date(value, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise OperationError(_("Enter a date like 2026-03-31."), field) from None


def _read_commitments(response, rows, today) -> list[tuple]:
    """Check every row before anything changes: [(commitment or None, text, target_date)].

    A row with the id of a current commitment revises it (a blank text drops it); a row
    without id adds one; blank rows are ignored."""
    current = {c.id: c for c in response.live_commitments} if response else {}
    plan, seen = [], set()
    for row in rows or []:
        if not isinstance(row, dict):
            raise OperationError(_("A commitment could not be read."), "commitments")
        text = (row.get("text") or "").strip() if isinstance(row.get("text") or "", str) else None
        if text is None:
            raise OperationError(_("A commitment could not be read."), "commitments")
        commitment = None
        if row.get("id") not in (None, ""):
            commitment = current.get(row["id"]) if isinstance(row["id"], int) else None
            if commitment is None or commitment.id in seen:
                raise OperationError(
                    _("This commitment does not belong to this response."), "commitments"
                )
            seen.add(commitment.id)
        if not text:
            if commitment is None and row.get("target_date"):
                raise OperationError(_("Describe each commitment."), "commitments")
            continue
        if len(text) > COMMITMENT_MAX:
            raise OperationError(
                _("Use at most %(max)d characters.", max=COMMITMENT_MAX), "commitments"
            )
        if row.get("target_date") in (None, ""):
            raise OperationError(_("Give each commitment a target date."), "commitments")
        target = _as_date(row["target_date"], "commitments")
        changed = commitment is None or target != commitment.target_date
        if changed and target < today:
            raise OperationError(_("A target date cannot be in the past."), "commitments")
        plan.append((commitment, text, target))
    if len(plan) > MAX_COMMITMENTS:
        raise OperationError(_("Too many commitments."), "commitments")
    return plan


def _snapshot(commitments) -> list[dict]:
    return [
        {"id": c.id, "text": c.text, "target_date": c.target_date.isoformat()} for c in commitments
    ]


def respond_to_recommendation(
    recommendation, by, *, service, status, justification, commitments=(), now=None, language=None
) -> ResponseVersion:
    """Publish (or revise) `service`'s response. Every call that changes something adds a
    version; sending the same response again (double submit) changes nothing."""
    if by is not None and not can_answer_for(by, recommendation, service):
        raise _refused()
    if not recommendation.is_public or not recommendation.addresses(service):
        raise _refused()
    status = _status(status)
    written_in = _text_language(language, by)
    justification = (justification or "").strip() if isinstance(justification, str | None) else None
    if justification is None or len(justification) > JUSTIFICATION_MAX:
        raise OperationError(
            _("Use at most %(max)d characters.", max=JUSTIFICATION_MAX), "justification"
        )
    if status != ResponseStatus.ACCEPTED and not justification:
        raise OperationError(
            _("Explain why, unless the recommendation is accepted."), "justification"
        )
    now = now or utcnow()
    response = recommendation.response_of(service)
    plan = _read_commitments(response, commitments, now.astimezone(council_today_zone()).date())
    if response is not None and _unchanged(response, status, justification, plan):
        return response.current
    if response is None:
        response = Response(recommendation=recommendation, service=service, first_answered_at=now)
        db.session.add(response)
    number = len(response.versions) + 1
    kept = {c.id for c, *_ in plan if c is not None}
    for commitment in response.live_commitments:
        if commitment.id not in kept:
            commitment.dropped_in = number
    for commitment, text, target in plan:
        if commitment is None:
            commitment = Commitment(text=text, target_date=target, added_in=number)
            response.commitments.append(commitment)
        commitment.text, commitment.target_date = text, target
    db.session.flush()
    version = ResponseVersion(
        number=number,
        status=status,
        justification=justification,
        language=written_in,
        commitments=_snapshot(response.live_commitments),
        author_id=actor_id(by),
        created_at=now,
    )
    response.versions.append(version)
    _mark_answered_when_complete(recommendation, now)
    db.session.flush()
    signals.response_posted.send(recommendation, by=by, service_id=service.id, version=version)
    if version.number > 1:
        signals.response_revised.send(recommendation, by=by, service_id=service.id, version=version)
    return version


def _unchanged(response, status, justification, plan) -> bool:
    current = response.current
    if (current.status, current.justification) != (status, justification):
        return False
    wanted = [(c.id if c else None, text, target) for c, text, target in plan]
    have = [(c.id, c.text, c.target_date) for c in response.live_commitments]
    return wanted == have


def _mark_answered_when_complete(recommendation, now) -> None:
    answered = {r.service_id for r in recommendation.responses}
    if recommendation.state == RecommendationState.TRANSMITTED and all(
        s.id in answered for s in recommendation.services
    ):
        recommendation.state = RecommendationState.ANSWERED
        recommendation.answered_at = now


def _follow_up_status(value) -> FollowUpStatus:
    try:
        return FollowUpStatus(value)
    except ValueError:
        raise OperationError(_("Choose an option from the list."), "status") from None


def _percent(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise OperationError(_("Enter a whole number from 0 to 100."), "percent")
    return value


def post_follow_up(
    commitment, by, *, status, note="", percent=None, on_date=None, language=None
) -> FollowUp:
    """A dated progress report on one commitment, by the service that made it."""
    if by is not None and not can_follow_up(by, commitment):
        raise _refused()
    if commitment.dropped_in is not None:
        raise OperationError(_("This commitment was withdrawn in a later response."))
    status = _follow_up_status(status)
    written_in = _text_language(language, by)
    percent = _percent(percent)
    note = (note or "").strip() if isinstance(note, str | None) else None
    if note is None or len(note) > NOTE_MAX:
        raise OperationError(_("Use at most %(max)d characters.", max=NOTE_MAX), "note")
    if status == FollowUpStatus.ABANDONED and not note:
        raise OperationError(_("Give the reason why it is abandoned."), "note")
    today = council_today()
    on_date = today if on_date in (None, "") else _as_date(on_date, "on_date")
    recommendation = commitment.response.recommendation
    if on_date > today:
        raise OperationError(
            _("A follow-up reports what happened: its date cannot be in the future."), "on_date"
        )
    if on_date < recommendation.transmitted_at.astimezone(council_today_zone()).date():
        raise OperationError(_("The date is before the recommendation was transmitted."), "on_date")
    latest = commitment.latest
    if latest is not None and (latest.on_date, latest.status, latest.note, latest.percent) == (
        on_date,
        status,
        note,
        percent,
    ):
        return latest  # the same report sent twice
    follow_up = FollowUp(
        on_date=on_date,
        status=status,
        note=note,
        language=written_in,
        percent=percent,
        author_id=actor_id(by),
    )
    commitment.follow_ups.append(follow_up)
    db.session.flush()
    signals.follow_up_posted.send(
        recommendation, by=by, service_id=commitment.response.service_id, follow_up=follow_up
    )
    return follow_up
