"""Delivering the outbox, with retries and backoff.

Run by `flask mail deliver` (cron or `--loop` as its own process). Each message is claimed in
its own short transaction so that two senders never deliver the same message twice.
"""

import itertools
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from council.db_types import utcnow
from council.extensions import db
from council.mail.models import OutboxMessage, OutboxStatus

# Waits after the 1st, 2nd, … failed attempt.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)


def build_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email.set_content(message.body)
    # After set_content(), which replaces every Content-* header.
    email["Content-Language"] = message.locale.replace("_", "-")
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return email


def send_smtp(email: EmailMessage) -> None:
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(email)


def write_file(email: EmailMessage, message_id: int) -> None:
    folder = Path(current_app.config["INSTANCE_DIR"]) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    (folder / f"{stamp}-{message_id:06d}.eml").write_bytes(bytes(email))


def send(message: OutboxMessage) -> None:
    email = build_email(message)
    if current_app.config["MAIL_BACKEND"] == "file":
        write_file(email, message.id)
    else:
        send_smtp(email)


def _claim_next(now) -> OutboxMessage | None:
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return db.session.scalars(query).first()


def deliver_pending(limit: int | None = None) -> tuple[int, int]:
    """Try each due message once, at most `limit` of them (None: every due message; a failed
    one is due again only after its backoff). Returns (sent, failed attempts)."""
    sent = failed = 0
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    for _ in range(limit) if limit is not None else itertools.count():
        now = utcnow()
        message = _claim_next(now)
        if message is None:
            break
        message.attempts += 1
        try:
            send(message)
        except (OSError, smtplib.SMTPException) as error:
            failed += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= max_attempts:
                message.status = OutboxStatus.FAILED
            else:
                wait = BACKOFF[min(message.attempts - 1, len(BACKOFF) - 1)]
                message.next_attempt_at = now + wait
            current_app.logger.warning("mail %s not delivered: %s", message.id, error)
        else:
            sent += 1
            message.status = OutboxStatus.SENT
            message.sent_at = utcnow()
            message.last_error = None
        db.session.commit()
    return sent, failed
