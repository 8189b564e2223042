"""Reads of public texts (what the translation queue lists first), counted in memory and added
to `content_read_counts` at most every READ_COUNT_SECONDS, on a connection of their own.

A page view then costs no write and no commit (a commit per view was the dearest part of a
proposal's page, and made every reader wait on the database's write lock); a page served from
the cache counts too. A worker that stops loses at most the last seconds of counts.
"""

import logging
import time
from threading import Lock

from flask import Flask, current_app

from council.dates import council_today
from council.extensions import db
from council.translations_content.operations import new_readers, read_count_upsert

log = logging.getLogger(__name__)
# Who read each text since the last write (in memory for seconds): a reader counts once a day.
_pending: dict[tuple[str, int], set[str]] = {}
_lock = Lock()
_flushed_at = time.monotonic()


def tally_read(kind: str, subject_id: int, *readers: str) -> None:
    """`readers`: see translations_content.operations.current_reader / address_reader."""
    with _lock:
        _pending.setdefault((kind, subject_id), set()).update(readers)


def flush_reads(force: bool = False) -> None:
    """Write the counted reads when due (inside an application context)."""
    global _flushed_at
    if not _pending:
        return
    every = current_app.config.get("READ_COUNT_SECONDS", 10)
    if not force and time.monotonic() - _flushed_at < every:
        return
    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _flushed_at = time.monotonic()
    try:
        with db.engine.begin() as connection:
            today = council_today()
            for (kind, subject_id), readers in sorted(counts.items()):
                times = new_readers(connection, kind, subject_id, readers, today)
                if times:
                    connection.execute(
                        read_count_upsert(connection.dialect.name, kind, subject_id, times)
                    )
    except Exception:  # a count is not worth an error page: keep it for the next time
        log.exception("could not add the reads of %d texts", len(counts))
        for (kind, subject_id), readers in counts.items():
            tally_read(kind, subject_id, *readers)


def discard_pending_reads() -> None:
    """Forget the reads not yet written (a test that holds the writes back ends with this, so
    that its reads never land in the next test's tables)."""
    with _lock:
        _pending.clear()


def init_app(app: Flask) -> None:
    @app.teardown_request
    def write_counted_reads(_error=None):
        flush_reads()
