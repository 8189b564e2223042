"""A downgrade that would drop data refuses, says what would be lost, and changes nothing;
told explicitly (`-x allow-data-loss=1`) it goes ahead; on an empty database (CI) it never
refuses."""

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from config import TestingConfig
from council import create_app

pytestmark = pytest.mark.faults


@pytest.fixture
def migrated(app, tmp_path):
    """A database of its own, of the test database's kind, at the newest revision."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    admin = None
    if url.get_backend_name() == "sqlite":
        uri = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        name = f"{url.database}_migrations"
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        uri = url.set(database=name).render_as_string(hide_password=False)
    council = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": uri})
    result = flask_db(council, "upgrade")
    assert result.exit_code == 0, result.output
    engine = create_engine(uri)
    yield council, engine
    engine.dispose()
    if admin is not None:
        with council.app_context():
            from council.extensions import db

            db.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def flask_db(council, *args):
    # Its own application context: with the test's context active, Flask's CLI would run the
    # command on the test database instead.
    with council.app_context():
        return council.test_cli_runner().invoke(args=["db", *args])


def revision(engine) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_a_downgrade_that_would_drop_translations_refuses_and_counts_them(migrated):
    council, engine = migrated
    head = revision(engine)
    with engine.begin() as connection:
        for n in range(3):
            connection.execute(
                text("INSERT INTO content_read_counts (subject_kind, subject_id, reads) "
                     "VALUES ('proposal', :n, 1)"),
                {"n": n + 1},
            )  # fmt: skip

    refused = flask_db(council, "downgrade", "0005")
    assert refused.exit_code != 0
    assert "downgrading 0009 would delete data" in refused.output
    assert "content_read_counts: 3 rows" in refused.output
    assert "-x allow-data-loss=1" in refused.output
    # The steps above 0009 that lose nothing went through; 0009 itself changed nothing.
    assert revision(engine) == "0009" and head > "0009"
    assert "content_read_counts" in inspect(engine).get_table_names()

    allowed = flask_db(council, "downgrade", "-x", "allow-data-loss=1", "0005")
    assert allowed.exit_code == 0, allowed.output
    assert revision(engine) == "0005"
    assert "content_read_counts" not in inspect(engine).get_table_names()


def test_an_empty_database_goes_down_and_up_without_being_asked(migrated):
    council, engine = migrated
    for step in (["downgrade", "base"], ["upgrade"], ["downgrade", "--", "-1"], ["upgrade"]):
        result = flask_db(council, *step)
        assert result.exit_code == 0, (step, result.output)


def test_downgrades_rebuilding_the_users_table_keep_what_points_at_it(migrated):
    """SQLite rebuilds a table by copy, drop and rename: with foreign keys on, dropping `users`
    deleted every proposal, comment and session pointing at it (ON DELETE CASCADE). Migrations
    run with foreign keys off and checked at the end instead."""
    council, engine = migrated
    with council.app_context():
        result = council.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output

    def counts():
        with engine.connect() as connection:
            return {
                table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()  # noqa: S608
                for table in ("users", "proposals", "comments", "meetings", "audit_events")
            }

    before = counts()
    assert before["proposals"] >= 30 and before["comments"] > 0
    # 0013 drops the second-factor columns of users (a table rebuild on SQLite).
    result = flask_db(council, "downgrade", "-x", "allow-data-loss=1", "0012")
    assert result.exit_code == 0, result.output
    assert counts() == before
    result = flask_db(council, "upgrade")
    assert result.exit_code == 0, result.output
    assert counts() == before
