"""Logging in and out, sessions that end for real, and throttled failed logins."""

import re
from html import escape as html_escape

from flask_babel import force_locale, gettext

from council.accounts.models import User
from council.extensions import db
from council.roles import Role
from tests.conftest import PASSWORD


def test_member_logs_in_and_sees_their_home(client, make_user):
    make_user(Role.MEMBER, email="amina@example.org", name="Amina")
    response = client.login("amina@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/me"
    page = client.get("/me").get_data(as_text=True)
    assert "<bdi>Amina</bdi>" in page
    assert 'id="member-heading"' in page
    assert 'id="admin-heading"' not in page


def test_login_follows_a_local_next_but_never_another_site(client, make_user):
    make_user(email="a@example.org")
    response = client.submit(
        "/login?next=/services/", {"email": "a@example.org", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/services/"
    client.logout()
    response = client.submit(
        "/login?next=//evil.example/x", {"email": "a@example.org", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/me"


def test_email_is_case_insensitive(client, make_user):
    make_user(email="karim@example.org")
    assert client.login("  KARIM@Example.org ").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    make_user(email="fatou@example.org")
    wrong = client.login("fatou@example.org", "not the right password")
    unknown = client.login("nobody@example.org", "not the right password")
    assert wrong.status_code == unknown.status_code == 200
    message = "The email address or the password is not correct."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert client.get("/me").status_code == 302  # still anonymous


def test_error_message_is_translated_and_announced(client, make_user):
    make_user(email="fatou@example.org")
    english = "The email address or the password is not correct."
    for code in ("fr", "ar"):
        client.get(f"/?lang={code}")
        page = client.login("fatou@example.org", "wrong password!!").get_data(as_text=True)
        with force_locale(code):
            translated = gettext(english)
        assert translated != english
        assert html_escape(translated) in page
        assert 'role="alert"' in page


def test_failed_logins_are_throttled_per_account(client, make_user):
    make_user(email="target@example.org")
    for _ in range(5):
        assert client.login("target@example.org", "guess-guess-guess").status_code == 200
    blocked = client.login("target@example.org", PASSWORD)  # even the right password waits
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.get_data(as_text=True)
    assert client.get("/me").status_code == 302


def test_failed_logins_are_throttled_per_address(client, make_user):
    make_user(email="other@example.org")
    for number in range(20):
        client.login(f"nobody{number}@example.org", "guess-guess-guess")
    assert client.login("other@example.org", PASSWORD).status_code == 429


def test_successful_logins_are_not_counted(client, make_user):
    make_user(email="often@example.org")
    for _ in range(8):
        assert client.login("often@example.org").status_code == 302
        client.logout()


def test_a_cookie_saved_before_logout_no_longer_works(make_client, client, make_user):
    make_user(email="olena@example.org")
    client.login("olena@example.org")
    saved = client.get_cookie("session").value
    assert client.get("/me").status_code == 200
    assert client.logout().status_code == 302
    thief = make_client()
    thief.set_cookie("session", saved)
    assert thief.get("/me").status_code == 302  # redirected to the login page


def test_logout_ends_remember_me_cookies_too(make_client, client, make_user):
    make_user(email="dmitri@example.org")
    client.submit("/login", {"email": "dmitri@example.org", "password": PASSWORD, "remember": "y"})
    remember = client.get_cookie("remember_token").value
    client.logout()
    other = make_client()
    other.set_cookie("remember_token", remember)
    assert other.get("/me").status_code == 302


def test_password_change_logs_out_other_devices_but_not_this_one(app, make_client, make_user):
    make_user(email="elif@example.org")
    phone, laptop = make_client(), make_client()
    phone.login("elif@example.org")
    laptop.login("elif@example.org")
    response = laptop.submit(
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": "a new long passphrase",
            "confirm": "a new long passphrase",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/me").status_code == 200
    assert phone.get("/me").status_code == 302
    assert make_client().login("elif@example.org", "a new long passphrase").status_code == 302


def test_password_change_refuses_wrong_current_password_and_weak_new_one(client, make_user):
    user = make_user(email="lin@example.org")
    before = user.password_hash
    page = client.login("lin@example.org") and client.submit(
        "/account/password",
        {
            "current_password": "wrong wrong wrong",
            "password": "another fine phrase",
            "confirm": "another fine phrase",
        },
    ).get_data(as_text=True)
    assert "Your current password is not correct." in page
    page = client.submit(
        "/account/password",
        {"current_password": PASSWORD, "password": "password1234", "confirm": "password1234"},
    ).get_data(as_text=True)
    assert "too common" in page
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == before


def test_deactivated_account_cannot_log_in(client, make_user):
    user = make_user(email="gone@example.org")
    user.is_active_account = False
    db.session.commit()
    assert client.login("gone@example.org").status_code == 200
    assert client.get("/me").status_code == 302


def test_passwords_are_stored_as_scrypt_hashes(make_user):
    user = make_user()
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_profile_update_escapes_and_refuses_markup(client, make_user):
    make_user(email="rosa@example.org", name="Rosa")
    client.login("rosa@example.org")
    page = client.submit(
        "/account", {"display_name": "<script>alert(1)</script>", "locale": "fr"}
    ).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "cannot contain" in page
    response = client.submit("/account", {"display_name": "x" * 81, "locale": "fr"})
    assert "at most 80 characters" in response.get_data(as_text=True)
    response = client.submit("/account", {"display_name": "Rosa M.", "locale": "tr"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(User.locale).where(User.email == "rosa@example.org")) == "tr"


def test_two_workers_share_failed_login_counters_through_redis(app):
    """In production several gunicorn workers must see the same counters."""
    import uuid

    import pytest
    import redis

    from config import TestingConfig
    from council import create_app
    from council.extensions import limiter
    from tests.workers import REDIS_URL as url
    from tests.workers import redis_prefix

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {url}; CI starts it")
    overrides = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": url,
        # Counters of their own: no other test, worker or run counts under this prefix.
        "RATELIMIT_KEY_PREFIX": redis_prefix("limits"),
    }
    worker_a, worker_b = create_app(TestingConfig, overrides), create_app(TestingConfig, overrides)
    account = f"{uuid.uuid4().hex}@example.org"
    with worker_a.app_context():
        for _ in range(5):
            limiter.record_failure(account, "203.0.113.9")
    with worker_b.app_context():
        assert limiter.is_blocked(account, "203.0.113.9")  # same account and address, other worker
        # The member's own address is not blocked by failures made elsewhere (issue 11, 8).
        assert not limiter.is_blocked(account, "198.51.100.1")
        assert not limiter.is_blocked("someone-else@example.org", "198.51.100.1")


def test_a_filled_text_box_takes_its_value_direction_and_an_empty_one_the_page_direction(
    client, make_user
):
    """In an Arabic page "Amina B." in a right-to-left box was drawn ".Amina B"."""
    make_user(Role.ADMIN, email="amina-b@example.org", name="Amina B.")
    client.login("amina-b@example.org")
    page = client.get("/account?lang=ar").get_data(as_text=True)
    name_box = re.search(r'<input[^>]*id="display_name"[^>]*>', page).group(0)
    assert 'value="Amina B."' in name_box
    assert 'dir="auto"' in name_box
    page = client.get("/invitations/?lang=ar").get_data(as_text=True)
    email_box = re.search(r'<input[^>]*id="email"[^>]*>', page).group(0)
    assert "dir=" not in email_box  # empty: what is typed starts at the page's start
