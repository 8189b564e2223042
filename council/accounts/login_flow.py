"""The steps of a login: password (or emailed link), then the second factor when the person
has one, then a fresh session. Between the steps the session holds only who is half-way in,
for a few minutes; it is emptied at each step so its id and CSRF token change."""

from datetime import timedelta

from flask import current_app, redirect, session, url_for

from council.accounts.models import User
from council.accounts.session import start_session
from council.db_types import utcnow
from council.extensions import db
from council.navigation import safe_next
from council.security_events.record import record_event

PENDING_KEY = "pending_login"


def continue_login(user: User, *, remember: bool, next_url: str | None, method: str):
    """After the first factor: ask for the code, or log in now when there is none."""
    if user.has_two_factor:
        session.clear()
        session[PENDING_KEY] = {
            "user_id": user.id,
            "version": user.session_version,
            "remember": bool(remember),
            "next": next_url,
            "method": method,
            "at": utcnow().timestamp(),
        }
        db.session.commit()
        return redirect(url_for("auth.second_factor"))
    return finish_login(user, remember=remember, next_url=next_url, method=method)


def pending_login() -> tuple[User, dict] | None:
    """Who passed the first factor in this browser, if it was recent and still valid."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    minutes = current_app.config["SECOND_FACTOR_PENDING_MINUTES"]
    if utcnow().timestamp() - pending.get("at", 0) > timedelta(minutes=minutes).total_seconds():
        return None
    user = db.session.get(User, pending.get("user_id", 0))
    if user is None or not user.is_active or user.session_version != pending.get("version"):
        return None
    return user, pending


def finish_login(user: User, *, remember: bool, next_url, method: str, second_factor=None):
    start_session(user, remember=remember)
    record_event("login_succeeded", user, method=method, second_factor=second_factor)
    db.session.commit()
    return redirect(safe_next(next_url))
