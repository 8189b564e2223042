"""Erasing an account (GDPR article 17), for the person or by an admin on their request.

What goes: the email address, the display name, the password, the language, every session and
link (reset, invitation), the roles and services, notifications, preferences, follows,
reading settings, the subscription to the minutes by email, mail to them in the outbox, the
name quoted in other people's notifications, and the files they attached to proposals that never
became public. What stays, signed "Former member": proposals,
comments, translations, responses (the council's record). Named ballots stay counted as they
were; poll results were frozen at close; secret ballots are not linked to anyone, not touched.
"""

import importlib

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from council.accounts.models import Invitation, PasswordReset, User, UserRole
from council.accounts.operations import end_all_sessions
from council.attachments.operations import erase_unpublished_attachments
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.mail.models import OutboxMessage
from council.minutes.models import MinutesSubscriber
from council.notifications.models import Follow, Notification, NotificationPreference
from council.roles import Role
from council.translations_content.models import ReaderSettings

ERASED_EMAIL_DOMAIN = "erased.invalid"  # .invalid never receives mail (RFC 2606)


def erased_email(user_id: int) -> str:
    return f"account-{user_id}@{ERASED_EMAIL_DOMAIN}"


def erase_account(user: User, by: User) -> None:
    """Wipe the person's personal data; flushes, never commits."""
    if user.is_erased:
        raise OperationError(_("This account is already erased."))
    if user.has_role(Role.ADMIN) and _other_active_admins(user) == 0:
        raise OperationError(
            _("The last administrator cannot be erased: give another person this role first.")
        )
    old_email, old_name = user.email, user.stored_display_name
    end_all_sessions(user)  # every cookie and session, "stay logged in" ones too
    for model, column in (
        (Notification, Notification.user_id),
        (NotificationPreference, NotificationPreference.user_id),
        (Follow, Follow.user_id),
        (ReaderSettings, ReaderSettings.user_id),
        (PasswordReset, PasswordReset.user_id),
        (UserRole, UserRole.user_id),
    ):
        db.session.execute(delete(model).where(column == user.id))
    db.session.execute(delete(MinutesSubscriber).where(MinutesSubscriber.email == old_email))
    # Mail to them, waiting or sent: it holds their address (and would reach a closed account).
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == old_email))
    # Invitations addressed to them hold their email: pending ones go, used ones forget it.
    db.session.execute(
        delete(Invitation).where(Invitation.email == old_email, Invitation.accepted_at.is_(None))
    )
    db.session.execute(
        update(Invitation).where(Invitation.user_id == user.id).values(email=erased_email(user.id))
    )
    _forget_name_in_notifications(old_name)
    erase_unpublished_attachments(user)
    db.session.expire(user, ["role_rows"])
    user.services = []
    user.email = erased_email(user.id)
    user.stored_display_name = ""
    user.password_hash = ""  # matches no password
    user.locale = None
    user.last_login_at = None
    user.is_active_account = False
    user.erased_at = utcnow()
    _revoke_other_credentials(user)
    db.session.flush()


def _other_active_admins(user: User) -> int:
    return len(
        db.session.scalars(
            select(UserRole.user_id)
            .join(User, User.id == UserRole.user_id)
            .where(
                UserRole.role == Role.ADMIN,
                UserRole.user_id != user.id,
                User.is_active_account.is_(True),
            )
        ).all()
    )


def _forget_name_in_notifications(name: str) -> None:
    """Other people's notifications quote the actor's name ("Amina commented…"): they then
    read "someone commented…"."""
    if not name:
        return
    for notification in db.session.scalars(select(Notification)):
        params = notification.params or {}
        if params.get("actor") == name:
            notification.params = {k: v for k, v in params.items() if k != "actor"}


# Credentials that come with two-factor authentication (not part of every version): their rows
# are deleted, the TOTP secret forgotten. Named, so that this module loads without them.
OPTIONAL_CREDENTIALS = (
    ("council.accounts.auth_models", "RecoveryCode"),
    ("council.accounts.auth_models", "SignInLink"),
    ("council.accounts.auth_models", "LoginSession"),
)
TOTP_FIELDS = ("totp_secret", "totp_enabled_at", "totp_last_step")


def _revoke_other_credentials(user: User) -> None:
    for module_name, model_name in OPTIONAL_CREDENTIALS:
        try:  # by name: see OPTIONAL_CREDENTIALS
            model = getattr(importlib.import_module(module_name), model_name)
        except (ImportError, AttributeError):
            continue
        db.session.execute(delete(model).where(model.user_id == user.id))
    for field in TOTP_FIELDS:
        if hasattr(user, field):
            setattr(user, field, None)
