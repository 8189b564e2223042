"""Delivering the outbox: claimed before sending, retried with backoff, quarantined when it
cannot go out, and recorded even through a database blip.

Run by `flask mail deliver` (cron, or `--loop` as its own process). For each message:

1. claim it in its own short transaction (`sending`, with `claimed_at`): two senders never
   take the same message, and one that dies leaves a trace instead of a silent gap;
2. send it with no transaction open (the SMTP server may take MAIL_TIMEOUT seconds);
3. record the outcome — sent, retry later, quarantined — in another short transaction. When
   the database does not answer at that moment, the sender keeps what it knows and records it
   as soon as the database is back, so a message the SMTP server accepted is not sent again.

A claim older than MAIL_CLAIM_TIMEOUT (a sender killed between 1 and 3) is taken again: the
message then goes out a second time with the same Message-ID, which receivers use to drop
the copy.
"""

import itertools
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from council.db_types import utcnow
from council.extensions import db
from council.mail.models import OutboxMessage, OutboxStatus
from council.mail.transport import Attempt, Letter, Outcome, send
from council.outages import is_database_unavailable

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, … failed attempt.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)


@dataclass
class Delivery:
    """What one run did."""

    sent: int = 0
    failed: int = 0  # attempts that will be retried (or were given up after the last one)
    quarantined: int = 0
    unrecorded: list = field(default_factory=list)  # ids sent while the database was away

    def counts(self) -> tuple[int, int, int]:
        return self.sent, self.failed, self.quarantined

    def __str__(self) -> str:
        return f"sent {self.sent}, failed {self.failed}, quarantined {self.quarantined}"


def _due(now, stale_before):
    pending = and_(
        OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now
    )
    abandoned = and_(
        OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < stale_before
    )
    return or_(pending, abandoned)


def _stale_before(now):
    return now - timedelta(seconds=current_app.config["MAIL_CLAIM_TIMEOUT"])


def _give_up_abandoned(now) -> None:
    """Messages whose sender died while sending them, on their last attempt: failed."""
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_at < _stale_before(now),
            OutboxMessage.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"],
        )
        .values(
            status=OutboxStatus.FAILED,
            claimed_at=None,
            last_error="the sender stopped while sending it, on its last attempt",
        )
    )
    db.session.commit()


def claim_next() -> Letter | None:
    """Take the next due message for this sender (committed), or None."""
    now = utcnow()
    due = _due(now, _stale_before(now))
    candidates = db.session.scalars(
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(10)
    ).all()
    for message_id in candidates:
        # Compare-and-set: of two senders, only one sees its UPDATE change the row.
        claimed = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, due)
            .values(
                status=OutboxStatus.SENDING,
                claimed_at=now,
                attempts=OutboxMessage.attempts + 1,
            )
        )
        if claimed.rowcount == 1:
            letter = Letter.of(db.session.get(OutboxMessage, message_id))
            db.session.commit()
            return letter
    db.session.commit()
    return None


def _outcome_values(letter: Letter, attempt: Attempt, now) -> dict:
    if attempt.outcome is Outcome.SENT:
        return {"status": OutboxStatus.SENT, "sent_at": now, "last_error": None}
    if attempt.outcome is Outcome.QUARANTINE:
        return {"status": OutboxStatus.QUARANTINED, "last_error": attempt.error}
    if letter.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        return {"status": OutboxStatus.FAILED, "last_error": attempt.error}
    wait = BACKOFF[min(letter.attempts - 1, len(BACKOFF) - 1)]
    return {
        "status": OutboxStatus.PENDING,
        "next_attempt_at": now + wait,
        "last_error": attempt.error,
    }


def record(letter: Letter, attempt: Attempt) -> None:
    """Write what happened to a claimed message (committed)."""
    values = _outcome_values(letter, attempt, utcnow())
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == letter.id, OutboxMessage.status == OutboxStatus.SENDING)
        .values(claimed_at=None, **values)
    )
    db.session.commit()


def record_patiently(letter: Letter, attempt: Attempt, patience: float) -> bool:
    """`record()`, waiting up to `patience` seconds for a database that does not answer.
    False when it could not be recorded (the claim then expires and the message is retried)."""
    deadline = time.monotonic() + patience
    wait = 0.5
    while True:
        try:
            record(letter, attempt)
            return True
        except Exception as error:
            db.session.rollback()
            if not is_database_unavailable(error) or time.monotonic() >= deadline:
                logger.error("mail %s: could not record %s: %s", letter.id, attempt.outcome, error)
                return False
            logger.warning(
                "mail %s: database unavailable, recording '%s' again in %.1f s",
                letter.id,
                attempt.outcome.value,
                wait,
            )
            time.sleep(wait)
            wait = min(wait * 2, 10)


def deliver_pending(limit: int | None = None, patience: float | None = None) -> Delivery:
    """Try each due message once, at most `limit` of them (None: every due message; a failed
    one is due again only after its backoff). `patience`: how long to wait for the database to
    record an outcome (default MAIL_RECORD_PATIENCE)."""
    if patience is None:
        patience = current_app.config["MAIL_RECORD_PATIENCE"]
    report = Delivery()
    _give_up_abandoned(utcnow())
    for _ in range(limit) if limit is not None else itertools.count():
        letter = claim_next()
        if letter is None:
            break
        attempt = send(letter)
        if attempt.outcome is Outcome.SENT:
            report.sent += 1
        elif attempt.outcome is Outcome.QUARANTINE:
            report.quarantined += 1
            logger.warning("mail %s quarantined: %s", letter.id, attempt.error)
        else:
            report.failed += 1
            logger.warning("mail %s not delivered: %s", letter.id, attempt.error)
        if not record_patiently(letter, attempt, patience):
            report.unrecorded.append(letter.id)
            break  # the database is away: the next run (or the loop) starts again from 1.
    return report
