"""Real threads against a real server: one member, fifty ballots at once; ballots racing the
close. Runs on the SQLite file and, with TEST_DATABASE_URL, on PostgreSQL.

The server's statement timeout (SQLite's busy timeout, PostgreSQL's lock waits) is raised to
QUEUE_SECONDS: these tests are about what the ballots become, and on a loaded CI machine fifty
writers queued behind one lock took longer than the production 10 s, so the last ones were
answered 503 (tests/test_faults_database.py is where the timeout itself is tested)."""

import threading

import pytest
from sqlalchemy import func, select

from config import TestingConfig
from council import create_app
from council.audit.chain import verify_chain
from council.extensions import db
from council.polls.models import Ballot, BallotCast, PollResult, SealedBallot, SecretBallot
from tests.live_server import Browser, LiveServer
from tests.meeting_helpers import open_poll, session_with

# Part of the fault suite (pytest -m faults); a live server answers from its own threads, so
# the data must be really committed.
pytestmark = [pytest.mark.faults, pytest.mark.committed]

PARALLEL = 50
QUEUE_SECONDS = 120


@pytest.fixture
def server_app(app):
    """The test application on the same database, with writers allowed to queue."""
    patient = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "INSTANCE_DIR": app.config["INSTANCE_DIR"],
            "DATABASE_STATEMENT_TIMEOUT": QUEUE_SECONDS,
        },
    )
    yield patient
    with patient.app_context():
        db.session.remove()
        db.engine.dispose()


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def in_parallel(jobs) -> list:
    """Run every job at the same instant, each in its own thread; return their results."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        barrier.wait()
        try:
            results[index] = job()
        except Exception as error:  # a crashed request is a result too: reported below
            results[index] = (0, repr(error))

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def assert_clean(responses):
    for status, body in responses:
        assert status in (200, 303) or 200 <= status < 300, (status, body[:500])
        assert "database is locked" not in body


@pytest.mark.parametrize("secrecy", ["named", "secret"])
def test_fifty_parallel_ballots_of_one_member_make_exactly_one(server_app, make_user, secrecy):
    secretary, people, meeting = session_with(make_user, members=2)
    poll = open_poll(meeting, secretary, secrecy=secrecy)
    with LiveServer(server_app) as server:
        voter = Browser(server.url)
        voter.login(people[0].email)
        page = f"/polls/{poll.id}"
        token = voter.csrf_token(page)
        choices = ["for", "against", "abstain"]
        jobs = [
            (
                lambda c=choices[i % 3]: voter.request(
                    f"{page}/vote", {"csrf_token": token, "choice": c, "confirmed": "yes"}
                )
            )
            for i in range(PARALLEL)
        ]
        responses = in_parallel(jobs)
    assert_clean(responses)
    statuses = sorted(status for status, _ in responses)
    if secrecy == "named":
        assert statuses == [303] * PARALLEL
    else:  # the one recorded ballot answers with its receipt page; the others are refused
        assert statuses == [200] + [303] * (PARALLEL - 1)
    if secrecy == "named":
        assert count(Ballot) == 1
    else:
        assert count(BallotCast) == 1 and count(SealedBallot) == 1
        assert count(SecretBallot) == 0 and count(Ballot) == 0
    assert verify_chain().ok


@pytest.mark.parametrize("secrecy", ["named", "secret"])
def test_ballots_racing_the_close_are_never_counted_after_it(server_app, make_user, secrecy):
    secretary, people, meeting = session_with(make_user, members=24)
    poll = open_poll(meeting, secretary, secrecy=secrecy)
    with LiveServer(server_app) as server:
        voters = []
        for person in people:
            browser = Browser(server.url)
            browser.login(person.email)
            voters.append(browser)
        chair = Browser(server.url)
        chair.login(secretary.email)
        page = f"/polls/{poll.id}"
        tokens = [browser.csrf_token(page) for browser in voters]
        chair_token = chair.csrf_token(page)
        jobs = [
            (
                lambda b=b, t=t: b.request(
                    f"{page}/vote", {"csrf_token": t, "choice": "for", "confirmed": "yes"}
                )
            )
            for b, t in zip(voters, tokens, strict=True)
        ]
        close_job = lambda: chair.request(f"{page}/close", {"csrf_token": chair_token})  # noqa: E731
        middle = len(jobs) // 2
        responses = in_parallel([*jobs[:middle], close_job, *jobs[middle:]])
        late = [b.flash_after(page) for b in voters]
    assert_clean(responses)
    db.session.expire_all()
    result = db.session.get(PollResult, poll.id)
    assert result is not None
    stored = count(Ballot) if secrecy == "named" else count(SecretBallot)
    assert result.total == result.votes_for == stored  # nothing slipped in after the close
    if secrecy == "secret":  # every sealed ballot opened into the box, none left behind
        assert count(BallotCast) == stored and count(SealedBallot) == 0
    refused = sum("This poll is closed" in message for message in late)
    assert stored + refused == len(voters)
    assert verify_chain().ok
