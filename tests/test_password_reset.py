"""Password reset by emailed link: no enumeration, single use, one hour."""

from datetime import timedelta

from sqlalchemy import select

from council.accounts.models import PasswordReset
from council.db_types import utcnow
from council.extensions import db
from council.roles import Role
from tests.conftest import link_in, outbox

NEW = "a brand new passphrase"


def ask(client, email):
    return client.submit("/password/forgot", {"email": email})


def reset(client, path, password=NEW):
    return client.submit(
        path, {"password": password, "confirm": password}, form_page="/password/forgot"
    )


def test_known_and_unknown_addresses_get_the_same_answer(client, make_user):
    make_user(Role.MEMBER, email="amina@example.org", locale="ar")
    known = ask(client, "amina@example.org")
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    unknown = ask(client, "nobody@example.org")
    unknown_page = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert "If an account exists for this address" in known_page
    assert "If an account exists for this address" in unknown_page
    [mail] = outbox()  # only the real account receives a message
    assert mail.recipient == "amina@example.org"
    assert mail.locale == "ar"  # in the person's own language


def test_reset_link_changes_the_password_once(client, make_client, make_user):
    make_user(email="karim@example.org")
    phone = make_client()
    phone.login("karim@example.org")
    ask(client, "karim@example.org")
    path = link_in(outbox()[0].body)
    assert reset(make_client(), path).status_code == 302
    assert make_client().login("karim@example.org", NEW).status_code == 302
    assert phone.get("/me").status_code == 302  # old sessions are over
    again = reset(make_client(), path, "yet another passphrase")
    assert "no longer valid" in again.get_data(as_text=True)
    assert make_client().login("karim@example.org", NEW).status_code == 302


def test_reset_link_expires_after_one_hour(client, make_client, make_user):
    make_user(email="fatou@example.org")
    ask(client, "fatou@example.org")
    row = db.session.scalar(select(PasswordReset))
    assert row.expires_at - row.created_at == timedelta(hours=1)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    visitor = make_client()
    assert "no longer valid" in visitor.get(link_in(outbox()[0].body)).get_data(as_text=True)
    assert "no longer valid" in reset(visitor, link_in(outbox()[0].body)).get_data(as_text=True)
    assert make_client().login("fatou@example.org", NEW).status_code == 200


def test_only_the_newest_action_counts(client, make_client, make_user):
    make_user(email="elif@example.org")
    ask(client, "elif@example.org")
    ask(client, "elif@example.org")
    first, second = (link_in(m.body) for m in outbox())
    assert reset(make_client(), second).status_code == 302
    assert "no longer valid" in reset(make_client(), first, "sneaky other phrase").get_data(
        as_text=True
    )


def test_weak_new_password_is_refused_and_link_stays_usable(client, make_client, make_user):
    make_user(email="lin@example.org")
    ask(client, "lin@example.org")
    path = link_in(outbox()[0].body)
    visitor = make_client()
    assert "at least 12 characters" in reset(visitor, path, "short").get_data(as_text=True)
    assert reset(visitor, path).status_code == 302


def test_malformed_requests_are_refused(client):
    assert "valid email address" in ask(client, "<b>not</b>").get_data(as_text=True)
    assert "This field is required." in ask(client, "").get_data(as_text=True)
    assert outbox() == []
    assert "no longer valid" in client.get("/password/reset/forged-token").get_data(as_text=True)
