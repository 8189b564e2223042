"""Two-factor authentication: enrolment, codes at login, recovery codes, turning it off.

Required for the roles that can change what others see or do (admins, secretaries,
officials); anyone else may turn it on from their account page.
"""

from flask_babel import gettext as _
from sqlalchemy import or_, update

from council.accounts import recovery_codes, totp
from council.accounts.models import User
from council.accounts.passwords import verify_password
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.roles import Role
from council.security_events.record import record_event

REQUIRED_FOR = frozenset({Role.ADMIN, Role.SECRETARY, Role.OFFICIAL})


def requires_two_factor(user) -> bool:
    return bool(user.roles & REQUIRED_FOR)


def must_enrol(user) -> bool:
    return requires_two_factor(user) and not user.has_two_factor


def secret_being_set_up(user) -> str | None:
    """The secret shown while setting up; never again once two-factor is on."""
    if user.has_two_factor or not user.totp_secret:
        return None
    return totp.decrypt_secret(user.totp_secret)


def begin_enrolment(user) -> str:
    """A secret to scan, kept (encrypted) until the person confirms it with a code."""
    if user.has_two_factor:
        raise OperationError(_("Two-factor authentication is already on."))
    secret = secret_being_set_up(user)
    if secret is None:
        secret = totp.new_secret()
        user.totp_secret = totp.encrypt_secret(secret)
        user.totp_last_step = None
        db.session.flush()
    return secret


def _switch_on(user, secret: str, step: int | None) -> list[str]:
    user.totp_secret = totp.encrypt_secret(secret)
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = recovery_codes.replace_codes(user)
    record_event("two_factor_enabled", user)
    return codes


def confirm_enrolment(user, code: str) -> list[str]:
    """Turn two-factor on when the code proves the app holds the secret; returns the recovery
    codes to show once."""
    secret = secret_being_set_up(user)
    if secret is None:
        raise OperationError(_("Start the set-up again: scan the new code."), "code")
    step = totp.matching_step(secret, code)
    if step is None:
        raise OperationError(
            _("This code is not right. Check that your phone shows the right time, then type "
              "the code the app shows now."),
            "code",
        )  # fmt: skip
    return _switch_on(user, secret, step)


def enrol_with_secret(user, secret: str) -> list[str]:
    """Enrol with a known secret (the demo accounts, the tests' privileged accounts)."""
    return _switch_on(user, secret, None)


def _accept_totp(user, code: str) -> bool:
    """A code of the app, never one already used: the time step is claimed with a conditional
    UPDATE, so a code seen over someone's shoulder (or sent twice) is refused the second time."""
    secret = totp.decrypt_secret(user.totp_secret or "")
    step = totp.matching_step(secret, code) if secret else None
    if step is None:
        return False
    claimed = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            User.totp_enabled_at.is_not(None),
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def check_second_factor(user, code: str) -> str | None:
    """'totp' or 'recovery_code' when the code is accepted (and spent), None otherwise."""
    if not user.has_two_factor:
        return None
    if _accept_totp(user, code):
        return "totp"
    if recovery_codes.looks_like_recovery_code(code) and recovery_codes.use_code(user, code):
        record_event("recovery_code_used", user, remaining=recovery_codes.unused_count(user))
        return "recovery_code"
    return None


def _switch_off(user) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    recovery_codes.delete_codes(user)
    db.session.flush()


def disable_two_factor(user, password: str, code: str) -> None:
    """The person turns it off: their password and a current code (or a recovery code)."""
    if not user.has_two_factor:
        raise OperationError(_("Two-factor authentication is not on."))
    if not verify_password(user.password_hash, password):
        raise OperationError(_("Your current password is not correct."), "password")
    if check_second_factor(user, code) is None:
        raise OperationError(_("This code is not right or was already used."), "code")
    _switch_off(user)
    record_event("two_factor_disabled", user)


def reset_two_factor(user, by=None) -> None:
    """An administrator (or the command line) removes a lost second factor: the person sets
    it up again at their next login when their role requires it."""
    if not user.has_two_factor and not user.totp_secret:
        raise OperationError(_("Two-factor authentication is not on."))
    _switch_off(user)
    record_event("two_factor_disabled", user, by=getattr(by, "id", by))


def replace_recovery_codes(user, code: str) -> list[str]:
    if check_second_factor(user, code) is None:
        raise OperationError(_("This code is not right or was already used."), "code")
    codes = recovery_codes.replace_codes(user)
    record_event("recovery_codes_replaced", user)
    return codes
