"""Which tables a request read, which tables a transaction wrote, and their generations.

Every statement goes through the engine, so the SQL text tells both, whatever wrote it (an
operation, a bulk UPDATE, a CLI command, code added next year):

- reads: the names after FROM / JOIN of each statement a cacheable request sends;
- writes: the table of each INSERT / UPDATE / DELETE, kept on the connection until its
  transaction commits; when the connection goes back to the pool (after the commit) each
  written table's generation is bumped in the store, shared by every worker and machine.

A cached page remembers the generations of the tables it read, taken before it read them; it is
valid only while they are unchanged.
"""

import re
from contextvars import ContextVar

from sqlalchemy import event

READ_TABLES = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][A-Za-z0-9_]*)', re.IGNORECASE)
WRITTEN_TABLE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?'
    r"([A-Za-z_][A-Za-z0-9_]*)",
    re.IGNORECASE,
)
WRITTEN, COMMITTED = "council_tables_written", "council_tables_committed"

# The set of tables the current request has read, while it may be cached (else None).
reads: ContextVar[set[str] | None] = ContextVar("page_cache_reads", default=None)
# Whether the current request sent a write (a signed-in page that wrote is not kept).
writes_seen: ContextVar[bool] = ContextVar("page_cache_writes_seen", default=False)


def tables_read(statement: str) -> set[str]:
    return {name.lower() for name in READ_TABLES.findall(statement)}


def table_written(statement: str) -> str | None:
    match = WRITTEN_TABLE.match(statement)
    return match.group(1).lower() if match else None


def watch(engine, bump) -> None:
    """Record reads and writes on `engine`; call `bump(tables)` after each commit that wrote."""

    @event.listens_for(engine, "before_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany):
        written = table_written(statement)
        if written:
            conn.info.setdefault(WRITTEN, set()).add(written)
            writes_seen.set(True)
            return
        seen = reads.get()
        if seen is not None:
            seen.update(tables_read(statement))

    @event.listens_for(engine, "commit")
    def committing(conn):
        written = conn.info.pop(WRITTEN, None)
        if written:
            conn.info.setdefault(COMMITTED, set()).update(written)

    @event.listens_for(engine, "rollback")
    def rolled_back(conn):
        conn.info.pop(WRITTEN, None)

    # The pool takes the connection back once its transaction is over: the commit is visible
    # to every other connection, so a page rendered after the bump sees the new rows.
    @event.listens_for(engine.pool, "checkin")
    def returned(dbapi_connection, record):
        if record is None:
            return
        committed = record.info.pop(COMMITTED, None)
        if committed:
            bump(committed)
