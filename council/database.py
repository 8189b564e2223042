"""Database engine settings: SQLite behaves like the PostgreSQL we run in production, and no
request waits for ever on a database that is down, locked or frozen.

Three limits (config, in seconds) make a stuck database fail a request in seconds, so that the
error page answers and the gunicorn worker lives:

- DATABASE_CONNECT_TIMEOUT: opening a connection (PostgreSQL `connect_timeout`);
- DATABASE_STATEMENT_TIMEOUT: one statement, lock waits included (PostgreSQL
  `statement_timeout`; SQLite's busy timeout, how long a writer waits for the write lock);
- on PostgreSQL, the client also stops waiting for an answer a little after the statement
  timeout (`AnsweringConnection`): a server that holds the connection open and never answers
  (a frozen host or proxy) cannot cancel its own statement.

Migrations lift them (migrations/env.py): a table rewrite may legitimately take minutes.
"""

import sqlite3

import psycopg
from flask import Flask
from psycopg import errors as pg_errors
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from council.extensions import db

# How much longer than the server's own statement timeout the client waits for an answer:
# when the server is alive, its clean "canceling statement" error comes first.
ANSWER_MARGIN = 2.0


class AnsweringConnection(psycopg.Connection):
    """A psycopg connection that stops waiting for a server that does not answer.

    psycopg waits on the socket without a limit; a server (or a proxy in front of it) that
    keeps the connection open and says nothing would hold the worker until gunicorn kills it.
    After `answer_timeout` seconds the connection is closed (so SQLAlchemy drops it from the
    pool) and the statement fails with OperationalError, which the site answers with a 503.
    """

    answer_timeout: float | None = None

    def wait(self, gen, interval=0.1, timeout=None):
        if timeout is not None or not self.answer_timeout:
            return super().wait(gen, interval=interval, timeout=timeout)
        try:
            return super().wait(gen, interval=interval, timeout=self.answer_timeout)
        except pg_errors._WaitTimeout:
            self.close()
            raise psycopg.OperationalError(
                f"the database did not answer within {self.answer_timeout:g} seconds"
            ) from None


def engine_options(config) -> dict:
    """SQLALCHEMY_ENGINE_OPTIONS with the timeouts of this configuration."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    statement = float(config["DATABASE_STATEMENT_TIMEOUT"])
    connect_args = dict(options.get("connect_args") or {})
    if url.get_backend_name() == "postgresql":
        connect_timeout = max(1, round(config["DATABASE_CONNECT_TIMEOUT"]))
        connect_args.setdefault("connect_timeout", connect_timeout)
        connect_args.setdefault(
            "options",
            f"-c statement_timeout={int(statement * 1000)} "
            # A transaction left open by a client that vanished releases its locks.
            f"-c idle_in_transaction_session_timeout={int(max(statement, 60) * 1000)}",
        )
    elif url.get_backend_name() == "sqlite":
        connect_args.setdefault("timeout", statement)  # sqlite3's busy timeout
    options["connect_args"] = connect_args
    return options


def init_app(app: Flask) -> None:
    """Attach the answer timeout to the engine (call after db.init_app)."""
    answer_timeout = float(app.config["DATABASE_STATEMENT_TIMEOUT"]) + ANSWER_MARGIN
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "do_connect")
    def connect_answering(dialect, connection_record, cargs, cparams):
        connection = AnsweringConnection.connect(*cargs, **cparams)
        connection.answer_timeout = answer_timeout
        return connection


@event.listens_for(Engine, "connect")
def configure_sqlite(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # Enforce foreign keys (ON DELETE CASCADE / SET NULL) as PostgreSQL does.
    cursor.execute("PRAGMA foreign_keys=ON")
    # Several requests at once: readers do not block the writer, writers wait (up to the
    # busy timeout, see engine_options) instead of failing at once with "database is locked".
    if cursor.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
