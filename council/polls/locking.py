"""The lock every poll state change starts with, and the poll's name in the audit chain."""

from flask_babel import gettext as _

from council.errors import OperationError
from council.locking import lock_row
from council.polls.models import Poll


def locked_poll(poll: Poll) -> Poll:
    """The poll, reloaded under its row lock (held until commit): a close waits for ballots
    being cast, and a ballot cast after a close sees it closed."""
    locked = lock_row(Poll, poll.id)
    if locked is None:
        raise OperationError(_("This poll does not exist."))
    return locked


def audit_subject(poll: Poll) -> str:
    return f"poll:{poll.id}"
