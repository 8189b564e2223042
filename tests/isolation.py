"""Each test's writes are undone by rolling back one transaction instead of emptying every
table (tests/conftest.py, `clean_state`).

During a test the application's engine is swapped for one that holds a single connection, in
a transaction that is rolled back at the end. The application still commits and rolls back as
it does in production; on this connection a COMMIT becomes "keep what was done so far" (the
savepoint `test` is released and set again) and a ROLLBACK "undo what was done since" (back to
that savepoint). A request therefore sees what the test committed, the test sees what the
request committed, and a failed statement undoes only its own transaction, as with separate
connections.

That holds for one thread talking to the database through this application. A test whose data
must be really committed, because other connections read or write it (threads of a live
server, gunicorn, a second application, a subprocess), is marked `committed`: it runs on the
ordinary engine and the tables are emptied after it, as before. A test that uses this engine
from another thread fails at once with a message saying so; one that opens another engine on
the same database gets its tables emptied too.
"""

import threading
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool

from council.database import engine_options

SAVEPOINT = "test"


class OtherThread(RuntimeError):
    pass


class RolledBackDatabase:
    """The one connection the tests that are not `committed` share, and its transaction."""

    def __init__(self, config):
        self.url = make_url(config["SQLALCHEMY_DATABASE_URI"])
        self.sqlite = self.url.get_backend_name() == "sqlite"
        options = engine_options(config)
        options.pop("pool_pre_ping", None)  # never test (and so never replace) the connection
        if self.sqlite:
            # Another thread on this connection would share its transaction: refuse it loudly.
            options["connect_args"]["check_same_thread"] = True
        # reset_on_return=None: only the application's own commits and rollbacks end its
        # transactions (the pool's reset would roll the savepoint back behind its back).
        self.engine = create_engine(
            self.url, poolclass=StaticPool, pool_reset_on_return=None, **options
        )
        self.engine.raw_connection().close()  # the dialect's first look, with its own rollback
        self.engine.dialect.do_begin = lambda connection: None
        # Inside the test's transaction there is no AUTOCOMMIT: what needs it (VACUUM after a
        # secret poll's close) fails as it would on a busy database, and is retried later.
        self.engine.dialect.set_isolation_level = lambda connection, level: None
        self.engine.dialect.do_commit = lambda connection: self._run(
            connection, f"RELEASE SAVEPOINT {SAVEPOINT}", f"SAVEPOINT {SAVEPOINT}"
        )
        self.engine.dialect.do_rollback = lambda connection: self._run(
            connection, f"ROLLBACK TO SAVEPOINT {SAVEPOINT}"
        )
        self.thread = threading.get_ident()
        self.other_engines_used = False
        event.listen(self.engine, "checkout", self._same_thread)
        event.listen(Engine, "engine_connect", self._other_engine)

    def _run(self, connection, *statements: str) -> None:
        cursor = connection.cursor()
        try:
            for statement in statements:
                cursor.execute(statement)
        finally:
            cursor.close()

    def _same_thread(self, *_args) -> None:
        if threading.get_ident() != self.thread:
            raise OtherThread(
                "this test reaches the database from another thread: mark it "
                "@pytest.mark.committed (its data is then really committed, and wiped after)"
            )

    def _other_engine(self, connection) -> None:
        engine = connection.engine
        if engine is not self.engine and self._same_database(engine.url):
            self.other_engines_used = True

    def _same_database(self, url) -> bool:
        return (url.get_backend_name(), url.host, url.port, url.database) == (
            self.url.get_backend_name(),
            self.url.host,
            self.url.port,
            self.url.database,
        )

    def begin(self) -> None:
        """Open the test's transaction and its savepoint."""
        self.thread = threading.get_ident()
        self.other_engines_used = False
        with self._driver_connection() as raw:
            if self.sqlite:
                raw.isolation_level = None  # BEGIN and SAVEPOINT are ours, not the driver's
                self._run(raw, "BEGIN")
            self._run(raw, f"SAVEPOINT {SAVEPOINT}")

    def end(self) -> None:
        """Undo everything the test did."""
        with self._driver_connection() as raw:
            raw.rollback()

    @contextmanager
    def _driver_connection(self):
        pooled = self.engine.raw_connection()
        try:
            yield pooled.driver_connection
        finally:
            pooled.close()

    def dispose(self) -> None:
        event.remove(Engine, "engine_connect", self._other_engine)
        self.engine.dispose()
