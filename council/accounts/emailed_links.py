"""Emailed single-use links (password reset, sign-in link): asked for by typing an address.

The answer never tells whether an account exists, and neither does the work done: for an
unknown (or deactivated) address the very same statements run — look-up, new token, link row,
mail rendered and queued — inside a savepoint that is then rolled back, so nothing is kept
and nobody is mailed. tests/test_emailed_links.py compares both paths' statements.
"""

from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import select, update

from council.accounts.auth_models import SignInLink
from council.accounts.models import User
from council.db_types import utcnow
from council.extensions import db
from council.mail.outbox import queue_mail
from council.tokens import hash_token, new_token


def external_url(endpoint: str, **values) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    return base + url_for(endpoint, _external=False, **values)


def _find_user(email: str):
    """Only the columns the mail needs: loading a User would also load its roles and services
    (two more statements, only when the account exists)."""
    columns = (User.id, User.email, User.display_name, User.locale, User.is_active_account)
    return db.session.execute(select(*columns).where(User.email == email.strip().lower())).first()


def queue_link(email: str, locale: str, model, template: str, endpoint: str, minutes: int):
    """Store a link row and queue its mail when the address has an active account; do the
    same work and keep nothing otherwise. Flushes, never commits."""
    user = _find_user(email)
    usable = user is not None and user.is_active_account
    now = utcnow()
    token, token_hash = new_token()
    savepoint = db.session.begin_nested()
    db.session.add(
        model(
            user_id=user.id if usable else None,
            token_hash=token_hash,
            created_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
    )
    queue_mail(
        user.email if usable else email.strip().lower(),
        template,
        (user.locale if usable else None) or locale,
        name=user.display_name if usable else "",
        link=external_url(endpoint, token=token),
        minutes=minutes,
    )
    db.session.flush()
    if usable:
        savepoint.commit()
    else:
        savepoint.rollback()


# --- sign-in links -------------------------------------------------------------------------


def request_sign_in_link(email: str, locale: str) -> None:
    queue_link(
        email,
        locale,
        SignInLink,
        "sign_in_link",
        "auth.sign_in_with_link",
        current_app.config["SIGN_IN_LINK_MINUTES"],
    )


def find_sign_in_link(token: str) -> SignInLink | None:
    link = db.session.scalar(select(SignInLink).where(SignInLink.token_hash == hash_token(token)))
    if link is None or link.user_id is None or link.used_at is not None:
        return None
    if utcnow() >= link.expires_at or not link.user.is_active:
        return None
    return link


def use_sign_in_link(token: str) -> User | None:
    """The person the link logs in, once: claimed with a conditional UPDATE (two clicks, one
    login). Their other open sign-in links stop working too."""
    link = find_sign_in_link(token)
    if link is None:
        return None
    now = utcnow()
    claimed = db.session.execute(
        update(SignInLink)
        .where(SignInLink.id == link.id, SignInLink.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        return None
    db.session.execute(
        update(SignInLink)
        .where(SignInLink.user_id == link.user_id, SignInLink.used_at.is_(None))
        .values(used_at=now)
    )
    return link.user
