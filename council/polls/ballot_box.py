"""The secret ballot box: sealed while the poll is open, opened and shuffled at the close, and
what the database keeps of the sealed ballots wiped after it (docs/ballot-secrecy.md).

While open: `ballot_casts` says who voted and `sealed_ballots` holds the encrypted receipt and
choice, both written by the cast's transaction. Whoever lines the two up (PostgreSQL's xmin,
the WAL, a backup) still reads no choice without the application's secret key.

At the close, in the closing transaction: every sealed ballot is opened, the list is shuffled
with the system's random source, written to `secret_ballots` in that order and the sealed rows
are deleted. All ballot-box rows then share the close's transaction id, and their physical
order is the shuffled one. After the commit, `wipe_sealed_remains` removes what the deleted
rows left behind: SQLite overwrote them with zeros (secure_delete) and the WAL is checkpointed
and truncated; PostgreSQL rewrites the table (VACUUM FULL) so no dead tuple stays in it.
"""

import hashlib
import logging
import secrets
import sqlite3
import time

from flask_babel import gettext as _
from sqlalchemy import delete, event, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from council.errors import OperationError
from council.extensions import db
from council.polls import sealing
from council.polls.models import BallotCast, Choice, Poll, SealedBallot, SecretBallot

log = logging.getLogger(__name__)
WIPE_AFTER_COMMIT = "council.wipe_sealed_ballots"
CHECKPOINT_ATTEMPTS = 5
VACUUM_LOCK_TIMEOUT = "5s"


@event.listens_for(Engine, "connect")
def _sqlite_overwrites_deleted_rows(dbapi_connection, connection_record) -> None:
    """SQLite leaves deleted rows (and cells moved between pages) in free space unless told to
    overwrite them; a sealed ballot deleted at the close must not stay readable in the file."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA secure_delete=ON")


def cast_sealed(poll: Poll, member_id: int, voter_id: int, choice) -> str:
    """Record that `member_id` voted (through `voter_id`) and seal what; returns the receipt.
    The caller holds the poll row lock; UNIQUE(poll, member) refuses a second ballot."""
    receipt = new_receipt()
    db.session.execute(
        insert(BallotCast).values(poll_id=poll.id, member_id=member_id, voter_id=voter_id)
    )
    db.session.execute(
        insert(SealedBallot).values(
            id=secrets.token_hex(16), poll_id=poll.id, sealed=sealing.seal(poll.id, receipt, choice)
        )
    )
    return receipt


RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, copied by hand


def new_receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(16))
    return "-".join(code[i : i + 4] for i in range(0, 16, 4))


def receipts_digest(rows) -> str:
    """SHA-256 of the published ballot box, recorded by the closing event: its
    "RECEIPT:choice" lines in receipt order, joined by line feeds."""
    lines = sorted(f"{receipt}:{Choice(choice).value}" for receipt, choice in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _count(model, poll: Poll) -> int:
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.poll_id == poll.id)
    )


def _altered() -> OperationError:
    return OperationError(
        _(
            "The sealed ballots of this poll do not match the list of who voted: the record "
            "was altered. Nothing was closed; ask the administrator to run “%(command)s”.",
            command="flask audit verify",
        )
    )


def open_ballot_box(poll: Poll) -> int:
    """Open every sealed ballot of `poll`, write them shuffled to the ballot box, delete the
    sealed rows (flushes, never commits); returns how many. Refuses when the sealed ballots do
    not match who voted, or do not open: then nothing changes."""
    sealed = db.session.scalars(select(SealedBallot.sealed).where(SealedBallot.poll_id == poll.id))
    try:
        opened = [sealing.unseal(poll.id, blob) for blob in sealed]
    except sealing.SealError as error:
        log.error("%s", error)
        raise OperationError(
            _(
                "The ballots of this poll cannot be opened with the secret key this server has "
                "now. Nothing was closed; the administrator must put the previous key back (in "
                "%(setting)s) before closing.",
                setting="SECRET_KEY_FALLBACKS",
            )
        ) from error
    receipts = {receipt for receipt, _choice in opened}
    if (
        len(receipts) != len(opened)
        or len(opened) != _count(BallotCast, poll)
        or _count(SecretBallot, poll)
    ):
        raise _altered()
    secrets.SystemRandom().shuffle(opened)
    if opened:
        db.session.execute(
            insert(SecretBallot),
            [{"receipt": r, "poll_id": poll.id, "choice": c} for r, c in opened],
        )
    db.session.execute(delete(SealedBallot).where(SealedBallot.poll_id == poll.id))
    db.session.info[WIPE_AFTER_COMMIT] = True
    return len(opened)


def discard_sealed(poll: Poll) -> None:
    """A cancelled poll's sealed ballots are deleted unopened, and wiped after the commit."""
    db.session.execute(delete(SealedBallot).where(SealedBallot.poll_id == poll.id))
    db.session.info[WIPE_AFTER_COMMIT] = True


@event.listens_for(Session, "after_commit")
def _wipe_once_committed(session: Session) -> None:
    if session.info.pop(WIPE_AFTER_COMMIT, False):
        wipe_sealed_remains(session.get_bind())


@event.listens_for(Session, "after_rollback")
def _nothing_to_wipe(session: Session) -> None:
    session.info.pop(WIPE_AFTER_COMMIT, None)


def wipe_sealed_remains(engine) -> bool:
    """Remove what deleted sealed ballots leave in the database's files; true when done. Runs
    outside any transaction (VACUUM cannot run in one), never raises: the close is already
    committed, and `flask polls close-due` (cron) runs it again."""
    try:
        if engine.dialect.name == "postgresql":
            return _vacuum_postgresql(engine)
        return _checkpoint_sqlite(engine)
    except DBAPIError as error:
        log.warning("sealed ballots not wiped yet (%s); `flask polls close-due` retries", error)
        return False


def _vacuum_postgresql(engine) -> bool:
    # VACUUM FULL writes the live rows to a new file and drops the old one, dead tuples and
    # all; a plain VACUUM would only mark their space free. It locks this small table for a
    # moment: ballots being cast wait, they are not refused.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"SET lock_timeout = '{VACUUM_LOCK_TIMEOUT}'"))
        connection.execute(text(f"VACUUM (FULL) {SealedBallot.__tablename__}"))
    return True


def _checkpoint_sqlite(engine) -> bool:
    # TRUNCATE copies the WAL into the database file and empties the WAL: the frames of every
    # cast's transaction, which held a sealed ballot next to its "has voted" row, are gone.
    with engine.connect() as connection:
        for _attempt in range(CHECKPOINT_ATTEMPTS):
            busy, _frames, _copied = connection.exec_driver_sql(
                "PRAGMA wal_checkpoint(TRUNCATE)"
            ).one()
            if not busy:
                return True
            time.sleep(0.2)
    log.warning("SQLite WAL not truncated (readers busy); `flask polls close-due` retries")
    return False
