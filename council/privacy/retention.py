"""Deleting what is no longer needed, after periods set in the configuration (`flask retention
purge`, daily from cron). The privacy page states the same periods."""

import importlib
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, delete, or_

from council.accounts.models import Invitation, PasswordReset
from council.db_types import utcnow
from council.extensions import db
from council.mail.models import OutboxMessage, OutboxStatus
from council.minutes.models import MinutesSubscriber
from council.minutes.subscriptions import CONFIRM_DAYS as MINUTES_CONFIRM
from council.notifications.models import PublicFollow
from council.notifications.public_follows import CONFIRM_DAYS as FOLLOW_CONFIRM
from council.translations_content.models import ReadMark


def periods() -> dict[str, int]:
    """Days each kind of record is kept once it has served (shown on the privacy page)."""
    config = current_app.config
    return {
        "invitations": config["RETENTION_INVITATION_DAYS"],
        "password_resets": config["RETENTION_PASSWORD_RESET_DAYS"],
        "outbox": config["RETENTION_OUTBOX_DAYS"],
        "unconfirmed_subscriptions": config["RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS"],
        # The security log's own setting (council.security_events), 180 days by default.
        "security_events": config.get("SECURITY_EVENTS_DAYS", 180),
    }


def purge_expired(now=None) -> dict[str, int]:
    """Delete every record past its period; returns how many of each kind. Flushes only."""
    now = now or utcnow()
    days = periods()

    def before(kind: str):
        return now - timedelta(days=days[kind])

    cutoff = before("invitations")
    done = {
        # Used, revoked or expired: the link can no longer serve, the address goes.
        "invitations": _delete(
            Invitation,
            or_(
                Invitation.accepted_at < cutoff,
                Invitation.revoked_at < cutoff,
                Invitation.expires_at < cutoff,
            ),
        ),
        "password_resets": _delete(
            PasswordReset,
            or_(
                PasswordReset.used_at < before("password_resets"),
                PasswordReset.expires_at < before("password_resets"),
            ),
        ),
        # Sent or given up; a pending message is never deleted.
        "outbox": _delete(
            OutboxMessage,
            and_(
                OutboxMessage.status.in_(_finished(OutboxStatus)),
                OutboxMessage.created_at < before("outbox"),
            ),
        ),
        "unconfirmed_subscriptions": _delete(
            MinutesSubscriber,
            and_(
                MinutesSubscriber.confirmed_at.is_(None),
                MinutesSubscriber.created_at < _unconfirmed_cutoff(now, days, MINUTES_CONFIRM),
            ),
        ),
        # Public follows by email (a recommendation, a service, the meetings): the same rule.
        "unconfirmed_follows": _delete(
            PublicFollow,
            and_(
                PublicFollow.confirmed_at.is_(None),
                PublicFollow.created_at < _unconfirmed_cutoff(now, days, FOLLOW_CONFIRM),
            ),
        ),
        "read_marks": _delete(ReadMark, ReadMark.day < now.date()),
        "security_events": _purge_security_events(now),
    }
    db.session.flush()
    return done


def _unconfirmed_cutoff(now, days: dict[str, int], link_days: int):
    """An address never confirmed goes once its period is over, and never while its
    confirmation link still works (a shorter period would break a link just sent)."""
    return now - timedelta(days=max(days["unconfirmed_subscriptions"], link_days))


def _finished(statuses) -> list:
    """Sent, given up or quarantined: never a message still waiting or being sent."""
    names = ("SENT", "FAILED", "QUARANTINED")
    return [status for status in statuses if status.name in names]


def _delete(model, condition) -> int:
    return db.session.execute(delete(model).where(condition)).rowcount or 0


def _purge_security_events(now) -> int:
    """The security log purges its own table (after SECURITY_EVENTS_DAYS)."""
    try:  # by name: the security log is not part of every version (it comes with 2FA)
        record = importlib.import_module("council.security_events.record")
    except ImportError:
        return 0
    return record.purge_security_events(now)
