"""Account state changes. Each flushes, never commits: the caller commits once."""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from council.accounts.emailed_links import external_url, queue_link
from council.accounts.models import Invitation, PasswordReset, User, UserRole
from council.accounts.passwords import hash_password, password_problem, verify_password
from council.accounts.session import end_sessions_of
from council.audit.chain import append_event
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.mail.outbox import queue_mail
from council.roles import Role
from council.security_events.record import record_event
from council.tokens import hash_token, new_token


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _check_password(password: str, email: str, display_name: str) -> None:
    problem = password_problem(password, email=email, display_name=display_name)
    if problem:
        raise OperationError(problem, "password")


def create_user(
    email: str,
    display_name: str,
    password: str,
    roles: set[Role],
    locale: str | None = None,
    services=(),
) -> User:
    email = normalise_email(email)
    if find_user_by_email(email):
        raise OperationError(_("An account already exists for this email address."))
    _check_password(password, email, display_name)
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        locale=locale,
    )
    user.role_rows = [UserRole(role=role) for role in sorted(roles)]
    user.services = list(services)
    db.session.add(user)
    db.session.flush()
    return user


def set_roles(user: User, roles: set[Role]) -> None:
    current = {row.role: row for row in user.role_rows}
    for role, row in current.items():
        if role not in roles:
            user.role_rows.remove(row)
    for role in roles - current.keys():
        user.role_rows.append(UserRole(role=role))
    if Role.OFFICIAL not in roles:
        user.services = []
    db.session.flush()


def _access_of(user: User) -> dict:
    return {
        "roles": sorted(role.value for role in user.roles),
        "service_ids": sorted(service.id for service in user.services),
        "active": user.is_active_account,
    }


def update_access(user: User, roles: set[Role], services, active: bool, by: User) -> None:
    """Admin change of a person's roles, services and active flag. A change is written to
    the security log and to the audit chain (who gave whom which power, tamper-evident)."""
    if user.id == by.id and (Role.ADMIN not in roles or not active):
        # Otherwise the last admin could lock everybody out of account management.
        raise OperationError(_("You cannot remove your own administrator access."), "roles")
    if Role.OFFICIAL in roles and not services:
        raise OperationError(_("An official must belong to a municipal service."), "service_ids")
    before = _access_of(user)
    set_roles(user, roles)
    user.services = list(services) if Role.OFFICIAL in roles else []
    if user.is_active_account and not active:
        end_all_sessions(user)
    user.is_active_account = active
    db.session.flush()
    after = _access_of(user)
    if after != before:
        record_event("role_changed", user, by=by.id, before=before, after=after)
        append_event("role_changed", f"user:{user.id}", {"before": before, "after": after}, by)


def check_credentials(email: str, password: str) -> tuple[User | None, bool]:
    """(the account of this address or None, whether the password opens it). The hash is
    checked even for an unknown address, so both answers take the same time."""
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    return user, bool(ok and user is not None and user.is_active)


def authenticate(email: str, password: str) -> User | None:
    user, ok = check_credentials(email, password)
    return user if ok else None


def end_all_sessions(user: User) -> None:
    """Invalidate every cookie issued so far for this person (all devices)."""
    end_sessions_of(user)
    db.session.execute(
        update(User).where(User.id == user.id).values(session_version=User.session_version + 1)
    )
    db.session.refresh(user)


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise OperationError(_("Your current password is not correct."), "current_password")
    _check_password(new_password, user.email, user.display_name)
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    record_event("password_changed", user)


def update_profile(user: User, display_name: str, locale: str | None) -> None:
    user.display_name = display_name.strip()
    user.locale = locale
    db.session.flush()


# --- invitations ---------------------------------------------------------------------------


def grantable_roles(inviter: User) -> set[Role]:
    if inviter.has_role(Role.ADMIN):
        return set(Role)
    if inviter.has_role(Role.SECRETARY):
        return {Role.MEMBER}
    return set()


def invite_user(
    email: str, roles: set[Role], locale: str, invited_by: User, service=None
) -> tuple[Invitation, str]:
    email = normalise_email(email)
    if not roles:
        raise OperationError(_("Choose at least one role."))
    if not roles <= grantable_roles(invited_by):
        raise OperationError(_("You may not give these roles."))
    if Role.OFFICIAL in roles and service is None:
        raise OperationError(_("An official must belong to a municipal service."))
    if find_user_by_email(email):
        raise OperationError(
            _("An account already exists for this email address. Change its roles instead.")
        )
    now = utcnow()
    _revoke_pending_for(email, now)
    token, token_hash = new_token()
    invitation = Invitation(
        email=email,
        roles=sorted(role.value for role in roles),
        service=service if Role.OFFICIAL in roles else None,
        locale=locale,
        token_hash=token_hash,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    queue_mail(
        email,
        "invitation",
        locale,
        inviter=invited_by.display_name,
        roles=[role.label for role in sorted(roles)],
        link=external_url("auth.accept_invitation", token=token),
        days=current_app.config["INVITATION_DAYS"],
    )
    return invitation, token


def _revoke_pending_for(email: str, now) -> None:
    """A new invitation replaces older unused ones, so only the newest link works."""
    db.session.execute(
        update(Invitation)
        .where(
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )


def revoke_invitation(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise OperationError(_("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
    db.session.flush()


def find_invitation(token: str) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))


def accept_invitation(token: str, display_name: str, password: str, locale: str | None) -> User:
    invitation = find_invitation(token)
    now = utcnow()
    unusable = _("This invitation link is no longer valid. Ask for a new invitation.")
    if invitation is None or not invitation.is_usable(now):
        raise OperationError(unusable)
    _check_password(password, invitation.email, display_name)
    # Claim the invitation with a conditional UPDATE so two simultaneous clicks make one account.
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(accepted_at=now)
    )
    if claimed.rowcount != 1:
        raise OperationError(unusable)
    services = [invitation.service] if invitation.service else []
    user = create_user(
        invitation.email, display_name, password, invitation.role_set, locale, services
    )
    invitation.user_id = user.id
    db.session.flush()
    return user


# --- password reset ------------------------------------------------------------------------


def request_password_reset(email: str, locale: str) -> None:
    """Queue a reset link when the account exists; the same work and answer when it does not
    (see `emailed_links.queue_link`)."""
    queue_link(
        email,
        locale,
        PasswordReset,
        "password_reset",
        "auth.reset_password",
        current_app.config["PASSWORD_RESET_MINUTES"],
    )


def find_reset(token: str) -> PasswordReset | None:
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == hash_token(token))
    )
    if reset is None or reset.user_id is None:
        return None
    if reset.used_at is not None or utcnow() >= reset.expires_at:
        return None
    return reset


def reset_password(token: str, new_password: str) -> User:
    reset = find_reset(token)
    unusable = _("This reset link is no longer valid. Ask for a new one.")
    if reset is None:
        raise OperationError(unusable)
    user = reset.user
    _check_password(new_password, user.email, user.display_name)
    now = utcnow()
    # Claim this link with a conditional UPDATE (two clicks: one wins), then retire the
    # person's other open links: after a reset, no older link may change the password again.
    claimed = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        raise OperationError(unusable)
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    record_event("password_reset", user)
    return user


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0
