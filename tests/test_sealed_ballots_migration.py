"""Migration 0012 on a database with data: closed polls keep their box and result; the
ballots of a secret poll open during the upgrade are sealed (and opened again by the
downgrade); the poll then closes with the right result. The database is at the head; 0012
alone is taken down and up (stamped around it: the later migrations touch none of its
tables). On SQLite and, with TEST_DATABASE_URL, PostgreSQL.

`flask db` runs in a subprocess (Alembic's logging setup would silence this process's loggers).
"""

import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from config import TestingConfig
from council import create_app
from council.accounts.models import User
from council.extensions import db
from council.polls import operations as polls
from council.polls.models import Poll
from council.proceedings import close_poll
from tests.meeting_helpers import open_poll, session_with

# Migrations run in subprocesses and second applications: the data must be really committed.
pytestmark = pytest.mark.committed


def flask_db(url: str, *args: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "COUNCIL_ENV": "development",
        "SECRET_KEY": TestingConfig.SECRET_KEY,  # the key the ballots are sealed with
    }
    env.pop("FLASK_APP", None)
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "council:create_app", "db", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def empty_database(app, tmp_path):
    """A new, empty database of the same kind as the suite's."""
    if db.engine.dialect.name != "postgresql":
        yield f"sqlite:///{tmp_path / 'migration.db'}"
        return
    name = f"{db.engine.url.database}_sealmig"
    admin = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield db.engine.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def box(poll_id: int) -> dict[str, str]:
    rows = db.session.execute(
        text("SELECT receipt, choice FROM secret_ballots WHERE poll_id = :p"), {"p": poll_id}
    )
    return {receipt: str(choice) for receipt, choice in rows}


def test_open_secret_polls_are_sealed_and_closed_ones_kept(empty_database, make_user, tmp_path):
    url = empty_database
    flask_db(url, "upgrade")
    other = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_DIR": tmp_path / "instance"}
    )
    with other.app_context():
        secretary, people, meeting = session_with(make_user, members=3)
        closed = open_poll(meeting, secretary, secrecy="secret")
        closed_receipts = {
            polls.cast_ballot(closed, person, choice=choice).receipt: choice
            for person, choice in ((people[0], "for"), (people[1], "against"))
        }
        close_poll(closed, secretary)
        still_open = open_poll(meeting, secretary, secrecy="secret")
        cast = {
            polls.cast_ballot(still_open, person, choice=choice).receipt: choice
            for person, choice in ((secretary, "for"), (people[0], "abstain"), (people[2], "for"))
        }
        db.session.commit()
        closed_id, open_id, secretary_id = closed.id, still_open.id, secretary.id
        db.session.remove()
        db.engine.dispose()

    # Downgraded, the open poll's ballots are back in the box as they were before 0012.
    # Only 0012 goes down and up again: the database is stamped at 0012 first (the later
    # migrations touch none of its tables), then stamped back at the head.
    flask_db(url, "stamp", "0012")
    flask_db(url, "downgrade", "0011")
    with other.app_context():
        assert box(open_id) == cast and box(closed_id) == closed_receipts
        db.session.remove()
        db.engine.dispose()

    # Upgraded, the open poll's choices are sealed; the closed poll's box is untouched.
    flask_db(url, "upgrade", "0012")
    flask_db(url, "stamp", "head")
    with other.app_context():
        assert box(open_id) == {} and box(closed_id) == closed_receipts
        sealed = db.session.execute(
            text("SELECT count(*) FROM sealed_ballots WHERE poll_id = :p"), {"p": open_id}
        ).scalar()
        assert sealed == 3
        result = close_poll(db.session.get(Poll, open_id), db.session.get(User, secretary_id))
        db.session.commit()
        assert (result.votes_for, result.votes_against, result.votes_abstain) == (2, 0, 1)
        assert box(open_id) == cast
        db.session.remove()
        db.engine.dispose()
