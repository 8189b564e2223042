"""Database engine settings that make SQLite behave like the PostgreSQL we run in production."""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def configure_sqlite(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # Enforce foreign keys (ON DELETE CASCADE / SET NULL) as PostgreSQL does.
    cursor.execute("PRAGMA foreign_keys=ON")
    # Several requests at once: readers do not block the writer, writers wait instead of
    # failing with "database is locked".
    cursor.execute("PRAGMA busy_timeout=10000")
    if cursor.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
