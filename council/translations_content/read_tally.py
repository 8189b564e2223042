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

from council.extensions import db
from council.translations_content.operations import read_count_upsert

log = logging.getLogger(__name__)
_pending: dict[tuple[str, int], int] = {}
_lock = Lock()
_flushed_at = time.monotonic()


def tally_read(kind: str, subject_id: int, times: int = 1) -> None:
    with _lock:
        _pending[(kind, subject_id)] = _pending.get((kind, subject_id), 0) + times


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
            for (kind, subject_id), times in sorted(counts.items()):
                connection.execute(
                    read_count_upsert(connection.dialect.name, kind, subject_id, times)
                )
    except Exception:  # a count is not worth an error page: keep it for the next time
        log.exception("could not add %d reads", sum(counts.values()))
        for (kind, subject_id), times in counts.items():
            tally_read(kind, subject_id, times)


def init_app(app: Flask) -> None:
    @app.teardown_request
    def write_counted_reads(_error=None):
        flush_reads()
