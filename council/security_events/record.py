"""Writing to the security log. `record_event` adds to the caller's transaction (flushes,
never commits), like every operation."""

from datetime import timedelta

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError

from council.db_types import utcnow
from council.extensions import db
from council.security_events.models import ADDRESS_MAX, SecurityEvent

KINDS = {
    "login_succeeded": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "login_blocked": _l("Logins blocked after repeated failures"),
    "second_factor_failed": _l("Wrong second-factor code"),
    "recovery_code_used": _l("Recovery code used"),
    "two_factor_enabled": _l("Two-factor authentication turned on"),
    "two_factor_disabled": _l("Two-factor authentication turned off"),
    "recovery_codes_replaced": _l("New recovery codes made"),
    "sign_in_link_used": _l("Logged in with an emailed link"),
    "password_changed": _l("Password changed"),
    "password_reset": _l("Password reset with an emailed link"),
    "session_expired": _l("Session expired"),
    "logout": _l("Logged out"),
    "role_changed": _l("Roles or access changed"),
    "api_token_issued": _l("API token created"),
    "api_token_revoked": _l("API token revoked"),
    "access_denied": _l("Access refused"),
}


def request_address() -> str | None:
    if not has_request_context():
        return None
    return (request.remote_addr or "")[:ADDRESS_MAX] or None


def record_event(kind: str, user=None, **details) -> SecurityEvent:
    """Log one event about `user` (a User, an id, or None for an unknown account)."""
    if kind not in KINDS:
        raise ValueError(f"unknown security event kind {kind!r}")
    event = SecurityEvent(
        at=utcnow(),
        user_id=getattr(user, "id", user),
        kind=kind,
        address=request_address(),
        details={key: value for key, value in details.items() if value is not None},
    )
    db.session.add(event)
    db.session.flush()
    return event


def record_refusal() -> None:
    """Log a 403 in its own transaction: a refused request's own changes are rolled back
    first (they must never be committed), then the event is committed."""
    from flask_login import current_user

    db.session.rollback()
    user = current_user if current_user.is_authenticated else None
    try:
        record_event("access_denied", user, method=request.method, path=request.path[:200])
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("could not record a refusal in the security log")


def purge_security_events(now=None) -> int:
    """Delete events older than SECURITY_EVENTS_DAYS; returns how many (never commits)."""
    days = current_app.config["SECURITY_EVENTS_DAYS"]
    cutoff = (now or utcnow()) - timedelta(days=days)
    result = db.session.execute(delete(SecurityEvent).where(SecurityEvent.at < cutoff))
    return result.rowcount or 0
