"""Sessions end: after an idle time, after a lifetime, and a new one starts at each login
step (fixation)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from config import TestingConfig
from council.accounts import session as sessions
from council.accounts.auth_models import LoginSession
from council.db_types import utcnow
from council.extensions import db
from council.roles import Role
from tests.conftest import CSRF_INPUT, PASSWORD
from tests.two_factor_helpers import code_for


@pytest.fixture
def clock(monkeypatch):
    """Move the sessions' clock forward (the app reads it through council.accounts.session)."""
    moved = {"by": timedelta()}
    monkeypatch.setattr(sessions, "utcnow", lambda: utcnow() + moved["by"])

    def advance(**delta):
        moved["by"] += timedelta(**delta)

    return advance


def csrf_of(client, path):
    match = CSRF_INPUT.search(client.get(path).get_data(as_text=True))
    return match.group(1) or match.group(2)


def test_a_session_left_idle_on_a_shared_phone_ends_after_30_minutes(client, make_user, clock):
    make_user(Role.MEMBER, email="amina@example.org")
    client.login("amina@example.org")
    clock(minutes=29)
    assert client.get("/me").status_code == 200  # activity renews the idle time
    clock(minutes=29)
    assert client.get("/me").status_code == 200
    clock(minutes=31)
    response = client.get("/me")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert "Your session has ended. Please log in again." in page
    clock(minutes=-200)  # even with the clock back, the ended session stays ended
    assert client.get("/me").status_code == 302


def test_a_busy_session_still_ends_after_its_lifetime(client, make_user, clock):
    make_user(Role.MEMBER, email="karim@example.org")
    client.login("karim@example.org")
    for _ in range(12 * 3 - 1):  # a request every 20 minutes for almost 12 hours
        clock(minutes=20)
        assert client.get("/me").status_code == 200
    clock(minutes=21)
    assert client.get("/me").status_code == 302


def test_stay_logged_in_skips_the_idle_limit_but_lasts_at_most_30_days(client, make_user, clock):
    make_user(Role.MEMBER, email="lin@example.org")
    response = client.submit(
        "/login", {"email": "lin@example.org", "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    row = db.session.scalar(select(LoginSession))
    assert row.remember and row.expires_at - row.created_at == timedelta(days=30)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    assert remember.expires - utcnow() <= timedelta(days=30, minutes=1)
    clock(days=3)
    assert client.get("/me").status_code == 200
    clock(days=27, minutes=1)
    assert client.get("/me").status_code == 302


def test_remember_me_cannot_be_configured_beyond_30_days(monkeypatch):
    monkeypatch.setattr(TestingConfig, "REMEMBER_DAYS", 31)
    with pytest.raises(RuntimeError, match="REMEMBER_DAYS"):
        TestingConfig.validate()


def test_login_starts_a_new_session_and_csrf_token_at_each_step(make_client, make_user):
    """Session fixation: what someone planted in the browser before the login is worthless."""
    make_user(Role.SECRETARY, email="claire@example.org")
    victim = make_client()
    before_token = csrf_of(victim, "/login")
    planted = victim.get_cookie("session").value  # e.g. given by an attacker on a shared phone
    victim.post(
        "/login",
        data={"csrf_token": before_token, "email": "claire@example.org", "password": PASSWORD},
    )
    after_password = victim.get_cookie("session").value
    second_token = csrf_of(victim, "/login/code")
    assert after_password != planted and second_token != before_token
    victim.post(
        "/login/code", data={"csrf_token": second_token, "code": code_for("claire@example.org")}
    )
    assert victim.get("/me").status_code == 200
    logged_in = victim.get_cookie("session").value
    assert csrf_of(victim, "/account") not in {before_token, second_token}
    attacker = make_client()
    for cookie in (planted, after_password):
        attacker.set_cookie("session", cookie)
        assert attacker.get("/me").status_code == 302
    assert logged_in not in {planted, after_password}


def test_setting_up_two_factor_starts_a_new_session(client, make_user):
    from tests.two_factor_helpers import set_up_second_factor

    make_user(Role.MEMBER, email="farid@example.org")
    client.login("farid@example.org")
    before = db.session.scalar(select(LoginSession.token_hash))
    set_up_second_factor(client)
    after = db.session.scalars(select(LoginSession.token_hash)).all()
    assert after and before not in after
    assert client.get("/me").status_code == 200


def test_logout_deletes_the_session_on_the_server(client, make_user):
    make_user(Role.MEMBER, email="rosa@example.org")
    client.login("rosa@example.org")
    assert db.session.scalar(select(db.func.count()).select_from(LoginSession)) == 1
    client.logout()
    assert db.session.scalar(select(db.func.count()).select_from(LoginSession)) == 0


def test_purge_deletes_ended_sessions(app, client, make_user, clock):
    make_user(Role.MEMBER, email="iryna@example.org")
    client.login("iryna@example.org")
    clock(hours=1)
    assert db.session.scalar(select(db.func.count()).select_from(LoginSession)) == 1
    deleted, _links = sessions.purge_ended_sessions(sessions.utcnow())
    db.session.commit()
    assert deleted == 1
