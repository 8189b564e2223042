"""The tools of someone who reads what the platform stores and tries to tie a member to a choice
in a secret poll: every table (with PostgreSQL's xmin and ctid), the database files, the WAL,
backups, dead tuples. Used by tests/test_ballot_secrecy.py on SQLite and PostgreSQL."""

import sqlite3
import subprocess
import time
from pathlib import Path

from sqlalchemy import text

from council.extensions import db

PG_WAL_SEGMENT = 16 * 1024 * 1024


def is_postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def sql(statement: str, **params):
    return db.session.execute(text(statement), params)


# --- every table, as a reader of the database sees it ---------------------------------------


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table as text; on PostgreSQL with its xmin and ctid first."""
    db.session.commit()
    tables = {}
    for table in db.metadata.sorted_tables:
        system = "xmin::text, ctid::text, " if is_postgresql() else ""
        rows = sql(f'SELECT {system}* FROM "{table.name}"').all()  # noqa: S608 — our own tables
        tables[table.name] = [tuple(_cell(value) for value in row) for row in rows]
    return tables


def _cell(value) -> str:
    return value.hex() if isinstance(value, bytes | memoryview) else str(value)


def new_rows(before: dict, after: dict) -> dict[str, list[tuple]]:
    return {
        name: [row for row in rows if row not in set(before.get(name, []))]
        for name, rows in after.items()
        if set(rows) - set(before.get(name, []))
    }


def revealing(rows: dict[str, list[tuple]], receipts, choices=("for", "against", "abstain")):
    """Rows that say what a ballot chose: a cell that is a choice, or that holds a receipt."""
    return [
        (name, row)
        for name, table_rows in rows.items()
        for row in table_rows
        if any(cell in choices or any(r in cell for r in receipts) for cell in row)
    ]


# --- SQLite's files -------------------------------------------------------------------------


def sqlite_path() -> Path:
    return Path(db.engine.url.database)


def sqlite_files() -> dict[str, bytes]:
    """The database file and its WAL, byte for byte, as a copy of the disk would hold them."""
    path = sqlite_path()
    wal = Path(f"{path}-wal")
    return {"database": path.read_bytes(), "wal": wal.read_bytes() if wal.exists() else b""}


def sqlite_backup(target: Path) -> bytes:
    """A consistent copy through SQLite's online backup API (what `flask backup` uses)."""
    source = sqlite3.connect(sqlite_path())
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    return target.read_bytes()


# --- PostgreSQL's files -----------------------------------------------------------------------


def pg_ensure_inspection() -> None:
    sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
    db.session.commit()


def pg_wal_position() -> int:
    db.session.commit()
    high, low = sql("SELECT pg_current_wal_lsn()::text").scalar().split("/")
    return (int(high, 16) << 32) + int(low, 16)


def pg_wal_bytes(start: int, end: int) -> bytes:
    """The WAL written between two positions, read from the server's pg_wal files."""
    timeline = sql("SELECT timeline_id FROM pg_control_checkpoint()").scalar()
    per_log = 2**32 // PG_WAL_SEGMENT
    out, position = b"", start
    while position < end:
        segment = position // PG_WAL_SEGMENT
        stop = min(end, (segment + 1) * PG_WAL_SEGMENT)
        name = f"{timeline:08X}{segment // per_log:08X}{segment % per_log:08X}"
        out += sql(
            "SELECT pg_read_binary_file(:path, :offset, :length)",
            path=f"pg_wal/{name}",
            offset=position % PG_WAL_SEGMENT,
            length=stop - position,
        ).scalar()
        position = stop
    return bytes(out)


def pg_heap_tuples(table: str) -> list[tuple[str, bytes]]:
    """(xmin, raw data) of every tuple still on the table's pages, live or dead."""
    pages = sql(f"SELECT pg_relation_size('{table}') / 8192").scalar()  # noqa: S608
    tuples = []
    for page in range(pages):
        rows = sql(
            "SELECT t_xmin::text, t_data FROM heap_page_items(get_raw_page(:t, :p))"
            " WHERE t_data IS NOT NULL",
            t=table,
            p=page,
        ).all()
        tuples += [(xmin, bytes(data)) for xmin, data in rows]
    return tuples


def pg_wiped_when_no_older_snapshot(still_there, seconds: float = 30) -> None:
    """VACUUM FULL keeps a deleted row while a transaction that began before the delete might
    still read it; on a busy server (here: the other test processes) the close's wipe can come
    too early, and `flask polls close-due` runs it again. This does the same until
    `still_there()` is false, or the time is up (then the test's own assertion fails)."""
    from council.polls.ballot_box import wipe_sealed_remains

    deadline = time.monotonic() + seconds
    while still_there() and time.monotonic() < deadline:
        db.session.commit()  # this session's own snapshot must not be the older one
        time.sleep(0.2)
        wipe_sealed_remains(db.engine)


def pg_raw_pages(table: str) -> bytes:
    pages = sql(f"SELECT pg_relation_size('{table}') / 8192").scalar()  # noqa: S608
    return b"".join(
        bytes(sql("SELECT get_raw_page(:t, :p)", t=table, p=page).scalar()) for page in range(pages)
    )


def pg_dump(target: Path) -> bytes:
    """A logical backup with pg_dump, as the backup command takes it."""
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run(["pg_dump", "--data-only", "--file", str(target), url], check=True)
    return target.read_bytes()
