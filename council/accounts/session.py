"""Logged-in sessions that end: on the server, after an idle time and after a lifetime.

Flask-Login keeps `user_id:session_version:token` in the signed session cookie (and in the
"stay logged in" cookie). The token names a `login_sessions` row; the user loader refuses the
cookie when that row is gone (logout), past its lifetime, or idle too long, and when the
person's session_version moved on (logout everywhere, password change).

Logging in starts from an empty session: whatever was in the cookie before (a CSRF token, a
session planted by someone else) is dropped, and the new session gets a new token. The same
happens between the password and the second factor.
"""

from datetime import timedelta

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import joinedload

from council.accounts.auth_models import LoginSession, SignInLink
from council.accounts.models import User
from council.accounts.two_factor import must_enrol
from council.db_types import utcnow
from council.extensions import db, login_manager
from council.security_events.record import record_event
from council.tokens import hash_token, new_token

# Writing last_seen_at on every request would write on every page; a minute is precise enough.
TOUCH_PRECISION = timedelta(minutes=1)


def _lifetime(remember: bool) -> timedelta:
    config = current_app.config
    if remember:
        return timedelta(days=config["REMEMBER_DAYS"])
    return timedelta(hours=config["SESSION_MAX_HOURS"])


def start_session(user, remember: bool = False) -> LoginSession:
    """Log this browser in with a brand-new session (flushes, never commits)."""
    session.clear()
    replaced = g.pop("login_session", None)
    if replaced is not None:  # the session this browser had ends: its id is never valid again
        db.session.execute(delete(LoginSession).where(LoginSession.id == replaced.id))
    row, cookie_id = new_session_row(user, remember)
    user.last_login_at = row.created_at
    login_user(user, remember=remember, duration=row.expires_at - row.created_at)
    session["_user_id"] = cookie_id
    g.login_session = row
    return row


def new_session_row(user, remember: bool = False) -> tuple[LoginSession, str]:
    """A stored session and the id its cookie carries (also used by bench/queries.py to sign a
    member in without a browser). Flushes, never commits."""
    now = utcnow()
    token, token_hash = new_token()
    row = LoginSession(
        user_id=user.id,
        token_hash=token_hash,
        created_at=now,
        last_seen_at=now,
        expires_at=now + _lifetime(remember),
        remember=remember,
    )
    db.session.add(row)
    db.session.flush()
    return row, f"{user.id}:{user.session_version}:{token}"


def end_reason(row: LoginSession, now) -> str | None:
    """Why this session is over ('lifetime', 'idle'), or None while it lasts."""
    if now >= row.expires_at:
        return "lifetime"
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    if not row.remember and now - row.last_seen_at >= idle:
        return "idle"
    return None


@login_manager.user_loader
def load_user(cookie_id: str):
    user_id, version, token = (cookie_id.split(":") + ["", ""])[:3]
    if not (user_id.isdigit() and version.isdigit() and token):
        return None
    row = db.session.scalar(
        select(LoginSession)
        # Every signed-in page checks roles (and an official's services): read them with the
        # account, in one statement.
        .options(
            joinedload(LoginSession.user).joinedload(User.role_rows),
            joinedload(LoginSession.user).joinedload(User.services),
        )
        .where(LoginSession.token_hash == hash_token(token))
    )
    if row is None or row.user_id != int(user_id):
        return None
    user = row.user
    if user.session_version != int(version) or not user.is_active:
        return None
    reason = end_reason(row, utcnow())
    if reason is not None:
        g.session_end = (row.user_id, reason)
        return None
    g.login_session = row
    return user


def touch_current_session() -> bool:
    """Note activity (at most once a minute); True when the row changed."""
    row = g.get("login_session")
    now = utcnow()
    if row is None or now - row.last_seen_at < TOUCH_PRECISION:
        return False
    row.last_seen_at = now
    return True


def end_sessions_of(user) -> None:
    """Delete every session row of this person (logout, password change, deactivation)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


# While a person whose role requires a second factor has not set it up, these are the only
# pages they can open.
ENROLMENT_ENDPOINTS = {"auth.two_factor_setup", "auth.logout", "static"}


def _has_login_cookie() -> bool:
    cookie_name = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or cookie_name in request.cookies


def check_session():
    """Before each page: end sessions that are over, note activity, and send privileged
    people without a second factor to its set-up."""
    if request.endpoint == "static" or request.blueprint == "api":
        return None
    if not _has_login_cookie():
        return None
    user = current_user._get_current_object()
    if not user.is_authenticated:
        ended = g.pop("session_end", None)
        logout_user()  # also clears a stale "stay logged in" cookie
        session.pop("_user_id", None)
        if ended is not None:
            user_id, reason = ended
            record_event("session_expired", user_id, reason=reason)
            db.session.commit()
            flash(_("Your session has ended. Please log in again."), "info")
        return None
    if touch_current_session():
        db.session.commit()
    if must_enrol(user) and request.endpoint not in ENROLMENT_ENDPOINTS:
        flash(_("Your role requires two-factor authentication. Set it up to continue."), "info")
        return redirect(url_for("auth.two_factor_setup"))
    return None


def init_app(app: Flask) -> None:
    app.before_request(check_session)


def purge_ended_sessions(now=None) -> tuple[int, int]:
    """Delete sessions past their lifetime or idle limit, and sign-in links that can no longer
    be used; returns (sessions, links) deleted (never commits)."""
    now = now or utcnow()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    sessions = db.session.execute(
        delete(LoginSession).where(
            or_(
                LoginSession.expires_at <= now,
                and_(LoginSession.remember.is_(False), LoginSession.last_seen_at <= now - idle),
            )
        )
    )
    links = db.session.execute(
        delete(SignInLink).where(or_(SignInLink.expires_at <= now, SignInLink.used_at.is_not(None)))
    )
    return sessions.rowcount or 0, links.rowcount or 0
