"""`flask backup create` while the site writes, `flask backup restore` into an empty database:
every committed event is in the backup, every table comes back equal, the record verifies.
On the SQLite file and, with TEST_DATABASE_URL, on PostgreSQL.

Copying the file of a SQLite database in WAL mode loses the transactions still in its -wal
file (an operator's test lost 50 of 90 events); the lower bound below catches that."""

import json
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, func, make_url, select, text

from config import TestingConfig
from council import create_app
from council.audit.chain import append_event
from council.audit.models import AuditEvent
from council.extensions import db
from tests.fault_helpers import report

pytestmark = pytest.mark.faults


@contextmanager
def empty_database(app, tmp_path):
    """The URL of a new, empty database of the same kind as the test database."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"{url.database}_restore_{uuid.uuid4().hex[:8]}"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        server.dispose()


@contextmanager
def app_on(uri: str, instance_dir):
    other = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": uri, "INSTANCE_DIR": instance_dir}
    )
    try:
        yield other
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


class Writer:
    """Appends audit events, one transaction each, until stopped; counts what it committed."""

    def __init__(self, app):
        self.app, self.committed, self.stop = app, 0, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        with self.app.app_context():
            while not self.stop.is_set():
                append_event("backup.tick", f"tick {self.committed + 1}", {})
                db.session.commit()
                self.committed += 1

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 30
        while self.committed < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(30)


def ticks(uri: str) -> int:
    engine = create_engine(uri)
    try:
        with engine.connect() as connection:
            query = select(func.count()).where(AuditEvent.kind == "backup.tick")
            return connection.scalar(query)
    finally:
        engine.dispose()


def cli(flask_app, *args):
    """`flask ARGS` on this application (its own context: the test's is the main app's)."""
    with flask_app.app_context():
        return flask_app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output


def test_a_backup_taken_while_the_site_writes_restores_whole_and_verified(app, demo, tmp_path):
    backup = tmp_path / "council.backup"
    with Writer(app) as writer:
        before = writer.committed  # committed before the backup began: all must be in it
        started = time.monotonic()
        created = cli(app, "backup", "create", str(backup))
        create_seconds = time.monotonic() - started
        after = writer.committed
    assert created.exit_code == 0, created.output
    assert "backup written" in created.output
    manifest = json.loads((tmp_path / "council.backup.json").read_text())

    with empty_database(app, tmp_path) as target, app_on(target, tmp_path) as restored_app:
        started = time.monotonic()
        restored = cli(restored_app, "backup", "restore", str(backup))
        restore_seconds = time.monotonic() - started
        assert restored.exit_code == 0, restored.output
        assert "restore verified: every table equals the backup" in restored.output
        in_backup = ticks(target)
        # The restored database, read again here: the rows the manifest promised.
        engine = create_engine(target)
        with engine.connect() as connection:
            count = connection.scalar(select(func.count()).select_from(AuditEvent))
        engine.dispose()
    assert before <= in_backup <= after, (before, in_backup, after)
    assert count == manifest["tables"]["audit_events"]["rows"]
    report(
        "backup-restore",
        {
            "bytes": manifest["bytes"],
            "rows": manifest["rows"],
            "create_s": round(create_seconds, 2),
            "restore_and_verify_s": round(restore_seconds, 2),
            "events_committed_before_create": before,
            "events_in_backup": in_backup,
            "events_committed_by_end_of_create": after,
        },
    )


def test_restore_refuses_a_database_that_is_not_empty_and_a_damaged_copy(app, demo, tmp_path):
    backup = tmp_path / "council.backup"
    assert cli(app, "backup", "create", str(backup)).exit_code == 0
    again = cli(app, "backup", "create", str(backup))
    assert again.exit_code != 0 and "exists already" in again.output

    # Into the site's own database (not empty): refused, nothing touched.
    refused = cli(app, "backup", "restore", str(backup))
    assert refused.exit_code != 0 and "the database is not empty" in refused.output

    damaged = tmp_path / "damaged.backup"
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    (tmp_path / "damaged.backup.json").write_text((tmp_path / "council.backup.json").read_text())
    with empty_database(app, tmp_path) as target, app_on(target, tmp_path) as restored_app:
        result = cli(restored_app, "backup", "restore", str(damaged))
        assert result.exit_code != 0 and "damaged or replaced copy" in result.output
        with restored_app.app_context():
            assert db.inspect(db.engine).get_table_names() == []  # nothing was written


def test_restore_fails_when_a_table_does_not_come_back_as_backed_up(app, demo, tmp_path):
    """The comparison is not a formality: a manifest that promises one more event than the
    backup holds makes the restore fail and name the table."""
    backup = tmp_path / "council.backup"
    assert cli(app, "backup", "create", str(backup)).exit_code == 0
    path = tmp_path / "council.backup.json"
    manifest = json.loads(path.read_text())
    manifest["tables"]["audit_events"]["rows"] += 1
    path.write_text(json.dumps(manifest))
    with empty_database(app, tmp_path) as target, app_on(target, tmp_path) as restored_app:
        result = cli(restored_app, "backup", "restore", str(backup))
    assert result.exit_code == 1
    assert "differs from the backup: audit_events" in result.output
    assert "restore NOT verified" in result.output
