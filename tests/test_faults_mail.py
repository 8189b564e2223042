"""The mail pipeline through faults: a message that cannot be built or that the server refuses
for good is quarantined and the queue moves on; an SMTP server that never answers costs
MAIL_TIMEOUT; the database breaking between the server's "250" and the commit neither sends a
message twice nor stops `mail deliver --loop`."""

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from council.db_types import utcnow
from council.extensions import db
from council.mail.delivery import claim_next, deliver_pending
from council.mail.models import OutboxMessage, OutboxStatus
from council.mail.outbox import queue_mail
from council.roles import Role
from tests.conftest import FormClient
from tests.fault_helpers import ROOT, in_app, report, target_of, through_proxy, within
from tests.fault_proxy import FaultProxy
from tests.smtp_helpers import Inbox, silent_smtp_server, smtp_server

pytestmark = pytest.mark.faults


@contextmanager
def mail_settings(app, **settings):
    saved = {key: app.config[key] for key in settings}
    app.config.update(settings)
    try:
        yield
    finally:
        app.config.update(saved)


@contextmanager
def smtp_to(app, inbox):
    with (
        smtp_server(inbox) as port,
        mail_settings(app, MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port),
    ):
        yield


def queue(app, *recipients, subject=None) -> list[int]:
    with app.test_request_context():
        ids = []
        for recipient in recipients:
            message = queue_mail(
                recipient, "password_reset", "en", name="X", link="http://l", minutes=60
            )
            if subject is not None:
                message.subject = subject
            db.session.flush()
            ids.append(message.id)
        db.session.commit()
    return ids


def status_of(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


@pytest.mark.parametrize("separator", ["\r", "\u2028", "\u2029", "\x85"])
def test_a_message_that_cannot_be_built_is_quarantined_and_the_queue_moves_on(app, separator):
    inbox = Inbox()
    # Subjects are cleaned at build time (council.plain_text.header_safe): an address is not.
    [poison] = queue(app, f"first@example.org{separator}Bcc: x@evil.example")
    [fine] = queue(app, "second@example.org")
    with smtp_to(app, inbox), app.app_context():
        run = deliver_pending()
    assert (run.sent, run.quarantined) == (1, 1)
    assert inbox.recipients() == ["second@example.org"]
    message = status_of(poison)
    assert message.status is OutboxStatus.QUARANTINED
    assert message.last_error.startswith("cannot be built")
    assert status_of(fine).status is OutboxStatus.SENT
    with app.app_context():
        assert deliver_pending().counts() == (0, 0, 0)  # not tried again by itself


def test_a_permanent_refusal_is_quarantined_a_temporary_one_retried(app):
    inbox = Inbox(
        refuse={
            "gone@example.org": "550 5.1.1 No such user",
            "busy@example.org": "451 4.3.0 Try again later",
        }
    )
    gone, busy, fine = queue(app, "gone@example.org", "busy@example.org", "ok@example.org")
    with smtp_to(app, inbox), app.app_context():
        assert deliver_pending().counts() == (1, 1, 1)
    assert status_of(gone).status is OutboxStatus.QUARANTINED
    assert "550" in status_of(gone).last_error
    assert status_of(busy).status is OutboxStatus.PENDING
    assert status_of(busy).next_attempt_at > utcnow() + timedelta(seconds=50)
    assert status_of(fine).status is OutboxStatus.SENT


def test_a_server_that_never_answers_costs_the_mail_timeout(app):
    ids = queue(app, "a@example.org", "b@example.org")
    with (
        silent_smtp_server() as port,
        mail_settings(
            app, MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=1
        ),
    ):
        started = time.monotonic()
        run = within(20, in_app(app, deliver_pending))
        elapsed = time.monotonic() - started
    assert run.counts() == (0, 2, 0)
    assert elapsed < 12, elapsed  # 1 s per message (+ a busy machine), not 30 s each
    assert all("timed out" in status_of(i).last_error for i in ids)


def test_the_default_mail_timeout_is_a_few_seconds(app):
    assert 1 <= app.config["MAIL_TIMEOUT"] <= 15


def test_a_sender_that_died_while_sending_is_replaced_with_the_same_message_id(app):
    inbox = Inbox()
    [message_id] = queue(app, "once@example.org")
    with smtp_to(app, inbox), app.app_context():
        letter = claim_next()  # …and the sender is killed before recording anything
        assert letter.id == message_id and status_of(message_id).status is OutboxStatus.SENDING
        assert deliver_pending().counts() == (0, 0, 0)  # claimed: nobody else takes it
        from council.mail.transport import send

        send(letter)  # it did reach the server before dying
        status_of(message_id).claimed_at = utcnow() - timedelta(minutes=10)
        db.session.commit()
        assert deliver_pending().counts() == (1, 0, 0)  # the claim expired: sent again
    first, second = (message for _rcpts, message in inbox.messages)
    assert first["Message-ID"] == second["Message-ID"]  # the receiver can drop the copy
    assert first["Message-ID"].startswith(f"<outbox-{message_id}.")
    assert first["Date"] == second["Date"]
    assert status_of(message_id).status is OutboxStatus.SENT


def test_admin_sees_set_aside_messages_and_sends_again_or_discards(app, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    poison, refused = (
        queue(app, "a@example.org\rBcc: x@evil.example"),
        queue(app, "gone@example.org"),
    )
    inbox = Inbox(refuse={"gone@example.org": "550 5.1.1 No such user"})
    with smtp_to(app, inbox), app.app_context():
        deliver_pending()
    admin = FormClient(app.test_client())
    admin.login("admin@example.org")
    page = admin.get("/admin/mail").get_data(as_text=True)
    assert "cannot be built" in page and "550 5.1.1 No such user" in page
    assert "gone@example.org" in page
    response = admin.submit(f"/admin/mail/{refused[0]}/retry", {}, form_page="/admin/mail")
    assert response.status_code == 303
    assert status_of(refused[0]).status is OutboxStatus.PENDING
    assert status_of(refused[0]).attempts == 0
    admin.submit(f"/admin/mail/{poison[0]}/discard", {}, form_page="/admin/mail")
    assert status_of(poison[0]).status is OutboxStatus.DISCARDED
    again = admin.submit(f"/admin/mail/{poison[0]}/retry", {}, form_page="/admin/mail")
    assert again.status_code == 303
    assert status_of(poison[0]).status is OutboxStatus.DISCARDED  # refused: not set aside
    assert "no longer set aside" in admin.get("/admin/mail").get_data(as_text=True)
    health = admin.get("/healthz?deep=1").get_json()
    assert health["mail"]["waiting"] == 1 and health["mail"]["quarantined"] == 0


def test_deep_health_reports_quarantined_mail(app, client):
    queue(app, "a@example.org\rBcc: x@evil.example")
    with app.app_context(), mail_settings(app, MAIL_BACKEND="file"):
        deliver_pending()
    response = client.get("/healthz?deep=1")
    assert response.status_code == 503
    assert response.get_json()["mail"]["quarantined"] == 1


# --- exactly once through database blips ------------------------------------------------


class DatabaseBreaker:
    """Breaks the database for `seconds`, from inside the SMTP server just before its "250"
    (between the server accepting a message and the sender recording it): on PostgreSQL the
    proxy is cut; on SQLite another connection holds the write lock."""

    def __init__(self, app, proxy, every: int, seconds: float):
        self.proxy = proxy
        self.every = every
        self.seconds = seconds
        self.blips = 0
        self.engine = None
        if proxy is None:  # SQLite: released from the timer's thread
            self.engine = create_engine(
                app.config["SQLALCHEMY_DATABASE_URI"],
                connect_args={"check_same_thread": False},
            )

    def __call__(self, count: int, message) -> None:
        if count % self.every:
            return
        self.blips += 1
        if self.proxy:
            self.proxy.cut()
            threading.Timer(self.seconds, self.proxy.restore).start()
        else:
            holder = self.engine.connect()
            holder.exec_driver_sql("BEGIN IMMEDIATE")

            def release():
                holder.rollback()
                holder.close()

            threading.Timer(self.seconds, release).start()


def test_mail_deliver_loop_sends_each_message_once_through_database_blips(app, tmp_path):
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    postgres = make_url(uri).get_backend_name() == "postgresql"
    total = 20
    recipients = [f"person{n}@example.org" for n in range(total)]
    with FaultProxy(*target_of(uri)) if postgres else _nothing() as proxy:
        database_url = through_proxy(uri, proxy.port) if postgres else uri
        breaker = DatabaseBreaker(app, proxy, every=4, seconds=2.5)
        inbox = Inbox(on_accept=breaker)
        with smtp_server(inbox) as port:
            loop = start_deliver_loop(database_url, port, tmp_path)
            try:
                queue(app, *recipients)
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline and sent_count() < total:
                    time.sleep(0.5)
                alive = loop.poll() is None
            finally:
                output = stop(loop)
    statuses = {status_of_row.status for status_of_row in all_messages()}
    delivered = inbox.recipients()
    once = sum(1 for r in recipients if delivered.count(r) == 1)
    assert alive, output
    assert statuses == {OutboxStatus.SENT}, output
    assert sorted(delivered) == sorted(recipients), output
    assert len({message["Message-ID"] for _r, message in inbox.messages}) == total
    assert breaker.blips == total // 4
    assert "database unavailable, recording 'sent' again" in output
    report(
        "mail-exactly-once",
        {
            "messages": total,
            "database blips between the SMTP 250 and the commit": breaker.blips,
            "delivered exactly once": f"{once}/{total}",
            "duplicates": len(delivered) - len(set(delivered)),
            "deliver --loop still running": alive,
        },
    )


@contextmanager
def _nothing():
    yield None


def all_messages():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage)).all()


def sent_count() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count()).where(OutboxMessage.status == OutboxStatus.SENT))


def start_deliver_loop(database_url: str, smtp_port: int, workdir) -> subprocess.Popen:
    env = {
        **os.environ,
        "COUNCIL_ENV": "production",
        "SECRET_KEY": "fault-tests-secret-key-" + "x" * 32,
        "COUNCIL_INSTANCE_DIR": str(workdir),
        "DATABASE_URL": database_url,
        "DATABASE_CONNECT_TIMEOUT": "1",
        "DATABASE_STATEMENT_TIMEOUT": "1",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_TIMEOUT": "5",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    command = [sys.executable, "-m", "flask", "--app", "council:create_app", "mail", "deliver"]
    return subprocess.Popen(  # noqa: S603 — fixed arguments
        [*command, "--loop", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.stdout.read().decode(errors="replace")
