"""Which dependency is down: the database, the rate-limit storage (Redis), the mail queue.

`/healthz` (for a load balancer) only asks the database. `/healthz?deep=1` (for monitoring)
asks everything and answers 503 when anything needs someone's attention.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, text

from council.db_types import utcnow
from council.extensions import db, limiter
from council.mail.models import OutboxMessage, OutboxStatus
from council.outages import forget_database_state

# Mail still waiting after this long means the delivery process is not running (or stuck).
MAIL_BACKLOG_ALERT = timedelta(minutes=15)


def database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means "not healthy", never a 500 page
        forget_database_state()
        current_app.logger.warning("health: database %s", type(error).__name__)
        return "unavailable"
    return "ok"


def rate_limit_storage() -> str:
    """ "ok", "degraded" (Redis down: counting per process) or "memory" (one process)."""
    return limiter.storage_status()


def mail() -> dict:
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    waiting_since = db.session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING))
        )
    )
    overdue = waiting_since is not None and utcnow() - waiting_since > MAIL_BACKLOG_ALERT
    report = {
        "waiting": counts.get(OutboxStatus.PENDING, 0),
        "being_sent": counts.get(OutboxStatus.SENDING, 0),
        "quarantined": counts.get(OutboxStatus.QUARANTINED, 0),
        "failed": counts.get(OutboxStatus.FAILED, 0),
        "overdue": overdue,
    }
    needs_attention = overdue or report["quarantined"] or report["failed"]
    return {"status": "attention" if needs_attention else "ok", **report}


def deep() -> tuple[dict, bool]:
    """The report, and whether everything is fine."""
    report = {"database": database(), "rate_limit_storage": rate_limit_storage()}
    if report["database"] == "ok":
        report["mail"] = mail()
    healthy = (
        report["database"] == "ok"
        and report["rate_limit_storage"] != "degraded"
        and report["mail"]["status"] == "ok"
    )
    return {"status": "ok" if healthy else "attention", **report}, healthy
