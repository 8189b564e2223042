"""The outbox: mail written with the action, delivered through real SMTP, retried on failure."""

from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from sqlalchemy import select

from council.accounts import operations as accounts
from council.db_types import utcnow
from council.extensions import db
from council.mail.delivery import deliver_pending
from council.mail.models import OutboxMessage, OutboxStatus
from council.mail.outbox import queue_mail
from council.roles import Role
from tests.conftest import outbox
from tests.smtp_helpers import Inbox, free_port
from tests.smtp_helpers import smtp_server as smtp_server_on


@pytest.fixture
def smtp_server(app):
    inbox = Inbox()
    with smtp_server_on(inbox) as port:
        saved = {key: app.config[key] for key in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT")}
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        yield inbox
        app.config.update(saved)


def test_mail_is_queued_in_the_same_transaction_as_the_action(app, make_user):
    admin = make_user(Role.ADMIN)
    with app.test_request_context():
        accounts.invite_user("a@example.org", {Role.MEMBER}, "fr", admin)
        db.session.rollback()  # the action fails: its mail must vanish with it
        assert outbox() == []
        accounts.invite_user("b@example.org", {Role.MEMBER}, "uk", admin)
        db.session.commit()
    [message] = outbox()
    assert message.recipient == "b@example.org"
    assert message.status is OutboxStatus.PENDING


def test_delivery_through_a_real_smtp_server(app, make_user, smtp_server):
    admin = make_user(Role.ADMIN, name="Claire")
    with app.test_request_context():
        accounts.invite_user("olena@example.org", {Role.MEMBER}, "en", admin)
        db.session.commit()
        assert deliver_pending().counts() == (1, 0, 0)
    [(recipients, email)] = smtp_server.messages
    assert recipients == ["olena@example.org"]
    assert email["Subject"].startswith("Invitation to the")
    assert email["Content-Language"] == "en"
    body = email.get_content()
    assert "Claire invites you" in body
    assert "/invitations/accept/" in body
    [message] = outbox()
    assert message.status is OutboxStatus.SENT and message.sent_at is not None
    with app.app_context():
        assert deliver_pending().counts() == (0, 0, 0)  # never sent twice


def test_failed_delivery_is_retried_with_backoff_then_given_up(app):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    try:
        with app.test_request_context():
            queue_mail(
                "x@example.org", "password_reset", "fr", name="X", link="http://l", minutes=60
            )
            db.session.commit()
            assert deliver_pending().counts() == (0, 1, 0)
            message = db.session.scalar(select(OutboxMessage))
            assert message.attempts == 1
            assert message.status is OutboxStatus.PENDING
            assert message.next_attempt_at > utcnow() + timedelta(seconds=50)
            assert "ConnectionRefusedError" in message.last_error
            assert deliver_pending().counts() == (0, 0, 0)  # not due yet
            for attempt in range(2, app.config["MAIL_MAX_ATTEMPTS"] + 1):
                message.next_attempt_at = utcnow() - timedelta(seconds=1)
                db.session.commit()
                deliver_pending()
                db.session.refresh(message)
                assert message.attempts == attempt
            assert message.status is OutboxStatus.FAILED
    finally:
        app.config.update(MAIL_BACKEND="file", MAIL_SERVER="localhost", MAIL_PORT=25)


def test_development_backend_writes_eml_files(app, instance_dir):
    with app.test_request_context():
        queue_mail("y@example.org", "password_reset", "ar", name="Y", link="http://l", minutes=60)
        db.session.commit()
        assert deliver_pending().counts() == (1, 0, 0)
    files = sorted((instance_dir / "mail").glob("*.eml"))
    email = message_from_bytes(files[-1].read_bytes(), policy=default_policy)
    assert email["To"] == "y@example.org"
    assert email["Content-Language"] == "ar"


def test_cli_delivers_the_outbox(app, smtp_server):
    with app.test_request_context():
        queue_mail("z@example.org", "password_reset", "fr", name="Z", link="http://l", minutes=60)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert result.exit_code == 0, result.output
    assert "sent 1, failed 0" in result.output
    assert smtp_server.messages[0][0] == ["z@example.org"]
