"""Taking a backup while the site runs, and putting one back into an empty database.

SQLite: the online backup API copies the pages of one consistent read transaction, WAL
included (a plain copy of the file misses what has not been checkpointed yet). PostgreSQL: a
REPEATABLE READ transaction exports its snapshot, `pg_dump --snapshot` writes exactly that
state, and the fingerprint is read in the same transaction.
"""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import URL, create_engine, make_url, text

from council.backups.fingerprint import fingerprint, table_names

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why, for the operator."""


def kind_of(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {backend} databases are not supported")
    return backend


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(database)


def engine_for(url: str):
    """An engine of its own, without the site's statement timeouts: hashing a large table or
    waiting for pg_dump may take minutes."""
    if kind_of(url) == "postgresql":
        return create_engine(
            url,
            connect_args={
                "options": "-c statement_timeout=0 -c idle_in_transaction_session_timeout=0"
            },
        )
    return create_engine(url)


def libpq(url: str) -> tuple[str, dict]:
    """The database URL as pg_dump and pg_restore take it, and their environment (the password
    goes through PGPASSWORD, never the command line)."""
    parsed: URL = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools are needed)")
    return found


def _run(args: list[str], env: dict) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()}")


# --- create --------------------------------------------------------------------------------


def create_sqlite(url: str, target: Path) -> dict:
    source = sqlite3.connect(sqlite_path(url))
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one step: one consistent read transaction
    finally:
        source.close()
        copy.close()
    engine = create_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as connection:
            if connection.scalar(text("PRAGMA integrity_check")) != "ok":
                raise BackupError("the copy does not pass SQLite's integrity check")
            return fingerprint(connection)
    finally:
        engine.dispose()


def create_postgresql(url: str, target: Path) -> dict:
    engine = engine_for(url)
    address, env = libpq(url)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
                _run(
                    [_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}",
                     f"--file={target}", f"--dbname={address}"],
                    env,
                )  # fmt: skip
                return fingerprint(connection)
    finally:
        engine.dispose()


def create(url: str, target: Path) -> dict:
    """Write the backup to `target`; returns the fingerprint of what it holds."""
    return {"sqlite": create_sqlite, "postgresql": create_postgresql}[kind_of(url)](url, target)


# --- restore -------------------------------------------------------------------------------


def backup_kind(path: Path) -> str:
    with path.open("rb") as file:
        start = file.read(16)
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    if start.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither a SQLite backup nor a pg_dump archive")


def existing_tables(url: str) -> list[str]:
    if kind_of(url) == "sqlite" and not sqlite_path(url).exists():
        return []
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            return table_names(connection)
    finally:
        engine.dispose()


def restore_sqlite(source: Path, url: str) -> None:
    target = sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    database = sqlite3.connect(target)
    try:
        backup.backup(database)
    finally:
        backup.close()
        database.close()


def restore_postgresql(source: Path, url: str) -> None:
    address, env = libpq(url)
    _run(
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
         "--single-transaction", f"--dbname={address}", str(source)],
        env,
    )  # fmt: skip


def restore(source: Path, url: str) -> dict:
    """Put the backup into the (empty) database of `url`; returns the fingerprint of the
    result, read back from that database."""
    kind = backup_kind(source)
    if kind != kind_of(url):
        raise BackupError(f"{source} is a {kind} backup; the database is {kind_of(url)}")
    if found := existing_tables(url):
        raise BackupError(
            f"the database is not empty ({len(found)} tables): restore into a new, empty "
            "database (PostgreSQL: createdb; SQLite: a file that does not exist yet)"
        )
    restorer: Callable = {"sqlite": restore_sqlite, "postgresql": restore_postgresql}[kind]
    restorer(source, url)
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            return fingerprint(connection)
    finally:
        engine.dispose()
