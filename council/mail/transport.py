"""Building one outbox message into an email and handing it to SMTP (or a file in development).

`send()` says what happened in terms the outbox acts on: delivered, worth trying again later
(the network or the server's mood), or never deliverable as it is (quarantine).
"""

import enum
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime
from pathlib import Path

from flask import current_app

from council.db_types import utcnow
from council.plain_text import header_safe


@dataclass(frozen=True)
class Letter:
    """What is needed to send one outbox message, read before any network I/O starts (so that
    no database transaction stays open while the SMTP server takes its time)."""

    id: int
    recipient: str
    subject: str
    body: str
    locale: str
    created_at: datetime
    unsubscribe_url: str | None
    attempts: int  # this one included

    @classmethod
    def of(cls, message) -> "Letter":
        return cls(
            message.id,
            message.recipient,
            message.subject,
            message.body,
            message.locale,
            message.created_at,
            message.unsubscribe_url,
            message.attempts,
        )


class Outcome(enum.Enum):
    SENT = "sent"
    RETRY = "retry"  # the network, a busy server (4xx): try again with backoff
    QUARANTINE = "quarantine"  # cannot be built, or refused for good (5xx) by the server


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    error: str | None = None


def message_id(letter: Letter, sender: str) -> str:
    """The same Message-ID every time this message is sent: if a sender dies after the SMTP
    server accepted it and before that was recorded, the copy sent again can be recognised
    (and dropped) by the receiving side. The creation time keeps ids apart across databases
    that reuse outbox ids (a restored backup, a new installation on the same domain)."""
    domain = sender.rpartition("@")[2].strip("> ") or "localhost"
    return f"<outbox-{letter.id}.{letter.created_at:%Y%m%d%H%M%S}@{domain}>"


def build_email(letter: Letter) -> EmailMessage:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    # refold_source="none": a header given raw (List-Unsubscribe, below) goes out as written.
    email = EmailMessage(policy=default_policy.clone(refold_source="none"))
    email["From"] = sender
    email["To"] = letter.recipient
    # Never trust the stored subject: a row queued before it was cleaned would raise here.
    email["Subject"] = header_safe(letter.subject)
    email["Date"] = format_datetime(letter.created_at)
    email["Message-ID"] = message_id(letter, sender)
    email.set_content(letter.body)
    # After set_content(), which replaces every Content-* header.
    email["Content-Language"] = letter.locale.replace("_", "-")
    if letter.unsubscribe_url:
        # Raw, never folded into RFC 2047 encoded words (which Python does to a long URL):
        # mail programs offer the one-click button only for a plain <https://…> (RFC 8058).
        email.set_raw("List-Unsubscribe", f"<{header_safe(letter.unsubscribe_url)}>")
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # Serialising is where a bad header (a line break in a subject) raises: do it now, so
    # that the error is the message's own, not the network's.
    email.as_bytes()
    return email


def send_smtp(email: EmailMessage) -> None:
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    # The timeout bounds each network wait (connect, every reply): a server that accepts the
    # connection and never answers costs MAIL_TIMEOUT seconds, not a stuck sender.
    with smtp_class(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
    ) as smtp:
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


def _describe(error: BaseException) -> str:
    """The error as an admin can read it (the server's own words for SMTP refusals)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = [
            f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values()
        ]
        text = "refused: " + "; ".join(replies)
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    else:
        text = f"{type(error).__name__}: {error}"
    return text[:2000]


def _refused_for_good(error: smtplib.SMTPException) -> bool:
    """A 5xx about this message (its recipients, its content). Refusals that concern every
    message (authentication, our sender address) are retried: they are fixed by the operator,
    and quarantining the whole queue would hide the cause."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def send(letter: Letter) -> Attempt:
    try:
        email = build_email(letter)
    except Exception as error:  # whatever the cause, retrying will not build it
        return Attempt(Outcome.QUARANTINE, "cannot be built: " + _describe(error))
    try:
        if current_app.config["MAIL_BACKEND"] == "file":
            write_file(email, letter.id)
        else:
            send_smtp(email)
    except smtplib.SMTPException as error:
        outcome = Outcome.QUARANTINE if _refused_for_good(error) else Outcome.RETRY
        return Attempt(outcome, _describe(error))
    except OSError as error:  # refused, reset, timed out, name not found
        return Attempt(Outcome.RETRY, _describe(error))
    except Exception as error:  # e.g. an address smtplib cannot encode: this message's own
        return Attempt(Outcome.QUARANTINE, _describe(error))
    return Attempt(Outcome.SENT)
