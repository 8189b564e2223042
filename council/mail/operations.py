"""What an admin does with a message that did not go out: send it again, or give it up."""

from flask_babel import gettext as _

from council.db_types import utcnow
from council.errors import OperationError
from council.mail.models import OutboxMessage, OutboxStatus

NEEDS_ATTENTION = (OutboxStatus.QUARANTINED, OutboxStatus.FAILED)


def _check_set_aside(message: OutboxMessage) -> None:
    if message.status not in NEEDS_ATTENTION:
        raise OperationError(_("This message is no longer set aside: nothing was changed."))


def retry_message(message: OutboxMessage, by) -> None:
    """Put a quarantined or failed message back in the queue, as if new (flushes nothing)."""
    _check_set_aside(message)
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = utcnow()


def discard_message(message: OutboxMessage, by) -> None:
    """Never send this message (it stays listed in the outbox's history)."""
    _check_set_aside(message)
    message.status = OutboxStatus.DISCARDED
