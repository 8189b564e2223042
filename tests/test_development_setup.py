"""A newcomer's first minutes: `make run PORT=…` serves on that port with emailed links that
follow it, the demo's mail is all in instance/mail/, `flask` finds the app without --app, and a
request delivers every message waiting (not only 20)."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest

from config import DevelopmentConfig, TestingConfig, default_base_url
from council import create_app
from council.extensions import db
from council.mail.models import OutboxMessage, OutboxStatus
from council.mail.outbox import queue_mail
from tests.conftest import FormClient

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_env(**values) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLASK_")}
    for key in ("BASE_URL", "PORT", "DATABASE_URL", "TEST_DATABASE_URL", "MAIL_BACKEND"):
        env.pop(key, None)
    return {**env, **values}


def test_emailed_links_follow_the_port_unless_base_url_is_set(monkeypatch):
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "8081")
    assert default_base_url() == "http://127.0.0.1:8081"
    monkeypatch.delenv("PORT")
    assert default_base_url() == "http://127.0.0.1:5000"
    monkeypatch.setenv("BASE_URL", "https://conseil.example.org")
    assert default_base_url() == "https://conseil.example.org"


def test_flask_finds_the_app_without_the_app_option():
    done = subprocess.run(
        [sys.executable, "-m", "flask", "users", "--help"],
        cwd=ROOT,
        env=clean_env(COUNCIL_ENV="testing"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "create" in done.stdout


def test_a_development_request_delivers_every_message_waiting(database_uri, tmp_path):
    """The test database, seen by an app configured as `make run` configures it."""
    app = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "INSTANCE_DIR": tmp_path,
            "MAIL_DELIVER_AFTER_REQUEST": True,
            "MAIL_DELIVER_AFTER_REQUEST_LIMIT": DevelopmentConfig.MAIL_DELIVER_AFTER_REQUEST_LIMIT,
        },
    )
    with app.test_request_context():
        for number in range(30):  # like the demo's notifications, waiting in the outbox
            queue_mail(
                f"m{number}@example.org", "password_reset", "fr", name="M", link="x", minutes=1
            )
        db.session.commit()
    client = FormClient(app.test_client())
    response = client.submit("/subscribe", {"email": "newcomer@example.org"})
    assert response.status_code == 303
    with app.app_context():
        waiting = db.session.scalar(
            db.select(db.func.count()).where(OutboxMessage.status == OutboxStatus.PENDING)
        )
        db.session.remove()
        db.engine.dispose()
    assert waiting == 0
    recipients = [
        message_from_bytes(path.read_bytes(), policy=default_policy)["To"]
        for path in (tmp_path / "mail").glob("*.eml")
    ]
    assert "newcomer@example.org" in recipients
    assert len(recipients) == 31


@pytest.fixture
def make_run(tmp_path):
    """`make run PORT=<free port>` on a new instance folder; stopped (its process group) after."""
    port = free_port()
    env = clean_env(COUNCIL_ENV="development", COUNCIL_INSTANCE_DIR=str(tmp_path))
    venv = Path(sys.prefix)
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}", f"VENV={venv}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield port, tmp_path, server
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def wait_for(url: str, server, seconds: float = 240) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read().decode()
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — loopback
                return response.read()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"nothing answered at {url}")


def test_make_run_serves_on_the_port_asked_and_its_mail_links_follow(make_run):
    port, instance, server = make_run
    health = wait_for(f"http://127.0.0.1:{port}/healthz", server)
    assert b'"status":"ok"' in health.replace(b" ", b"")
    mails = [
        message_from_bytes(path.read_bytes(), policy=default_policy)
        for path in (instance / "mail").glob("*.eml")
    ]
    assert len(mails) > 20  # the demo's mail, all delivered before the server started
    links = [
        link
        for mail in mails
        for link in re.findall(r"https?://\S+", mail.get_body(("plain",)).get_content())
    ]
    assert links
    assert all(link.startswith(f"http://127.0.0.1:{port}/") for link in links), links[:5]
