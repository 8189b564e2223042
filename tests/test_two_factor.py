"""Two-factor authentication (TOTP, recovery codes): required for admins, secretaries and
officials, possible for everyone, never replayable."""

import re

import pyotp
import pytest
from sqlalchemy import select

from council.accounts import totp
from council.accounts.auth_models import RecoveryCode
from council.accounts.models import User
from council.extensions import db
from council.roles import Role
from council.services import operations as services
from tests.conftest import PASSWORD
from tests.two_factor_helpers import TOTP_SECRET, code_for, set_up_second_factor


def person(email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def password_step(client, email, password=PASSWORD):
    return client.submit("/login", {"email": email, "password": password})


def code_step(client, code):
    return client.submit("/login/code", {"code": code})


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SECRETARY, Role.OFFICIAL])
def test_each_privileged_role_must_set_up_a_second_factor_before_anything_else(
    client, make_user, role
):
    extra = {}
    if role == Role.OFFICIAL:
        extra["services"] = [services.create_service("Habitat", "h@ville.example")]
    make_user(role, email="staff@example.org", two_factor=False, **extra)
    assert client.login("staff@example.org").status_code == 302
    for path in ("/me", "/admin/users", "/meetings/new", "/inbox", "/account"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/account/two-factor/setup"
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    assert "Your role requires two-factor authentication" in page
    set_up_second_factor(client)
    assert client.get("/me").status_code == 200


def test_a_member_is_not_asked_for_a_code_unless_they_turn_it_on(client, make_client, make_user):
    make_user(Role.MEMBER, email="amina@example.org")
    assert client.login("amina@example.org").headers["Location"] == "/me"
    assert client.get("/me").status_code == 200
    secret, _codes = set_up_second_factor(client)
    client.logout()
    response = password_step(make_client(), "amina@example.org")
    assert response.headers["Location"] == "/login/code"
    assert len(secret) == 32  # 160-bit secret made by the platform


def test_set_up_page_draws_the_qr_code_itself_and_never_shows_the_key_again(client, make_user):
    make_user(Role.MEMBER, email="farid@example.org")
    client.login("farid@example.org")
    response = client.get("/account/two-factor/setup")
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert re.search(r'<svg role="img" aria-label="[^"]+"[^>]*class="qr-code"', page)
    main = page.split("<main", 1)[1].split("</main>")[0]
    assert "<script" not in main and 'src="http' not in main and "<img" not in main
    secret = re.search(r'class="secret-key"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    stored = person("farid@example.org").totp_secret
    assert secret not in stored and stored.startswith("v1:")  # encrypted at rest
    wrong = client.submit("/account/two-factor/setup", {"code": "000000"})
    assert "This code is not right" in wrong.get_data(as_text=True)
    assert person("farid@example.org").totp_enabled_at is None
    done = client.submit("/account/two-factor/setup", {"code": pyotp.TOTP(secret).now()}).get_data(
        as_text=True
    )
    assert len(re.findall(r"<li><code>[a-z0-9-]{19}</code></li>", done)) == 10
    assert client.get("/account/two-factor/setup").headers["Location"] == "/account/two-factor"
    assert secret not in client.get("/account/two-factor").get_data(as_text=True)
    codes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(codes) == 10 and all(len(h) == 64 for h in codes)  # hashed at rest


def test_login_asks_the_code_after_the_password_and_refuses_a_wrong_one(client, make_user):
    make_user(Role.SECRETARY, email="claire@example.org")
    assert password_step(client, "claire@example.org").headers["Location"] == "/login/code"
    assert client.get("/me").status_code == 302  # not logged in between the two steps
    wrong = code_step(client, "123456")
    assert "This code is not right or was already used." in wrong.get_data(as_text=True)
    assert client.get("/me").headers["Location"].startswith("/login")
    assert code_step(client, code_for("claire@example.org")).headers["Location"] == "/me"
    assert client.get("/me").status_code == 200


def test_a_code_cannot_be_used_twice(make_client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    code = code_for("admin@example.org")
    first = make_client()
    password_step(first, "admin@example.org")
    assert code_step(first, code).status_code == 302
    thief = make_client()  # saw the code over the person's shoulder
    password_step(thief, "admin@example.org")
    replay = code_step(thief, code)
    assert replay.status_code == 200
    assert "already used" in replay.get_data(as_text=True)
    assert thief.get("/me").status_code == 302


def test_a_phone_clock_half_a_minute_off_still_works(client, make_user):
    make_user(Role.OFFICIAL, email="o@example.org", services=[])
    step = totp.time_step()
    password_step(client, "o@example.org")
    late_phone = pyotp.TOTP(TOTP_SECRET).at((step - 1) * totp.STEP_SECONDS)
    assert code_step(client, late_phone).headers["Location"] == "/me"
    too_late = pyotp.TOTP(TOTP_SECRET).at((step - 3) * totp.STEP_SECONDS)
    assert totp.matching_step(TOTP_SECRET, too_late) is None


def test_a_recovery_code_works_once(make_client, make_user):
    make_user(Role.MEMBER, email="gul@example.org")
    client = make_client()
    client.login("gul@example.org")
    _secret, codes = set_up_second_factor(client)
    client.logout()
    phone_lost = make_client()
    password_step(phone_lost, "gul@example.org")
    response = code_step(phone_lost, codes[0].upper().replace("-", " "))
    assert response.headers["Location"] == "/me"
    assert "You used a recovery code" in phone_lost.get("/me").get_data(as_text=True)
    phone_lost.logout()
    again = make_client()
    password_step(again, "gul@example.org")
    assert "already used" in code_step(again, codes[0]).get_data(as_text=True)
    assert code_step(again, codes[1]).headers["Location"] == "/me"


def test_turning_it_off_needs_the_password_and_a_code(client, make_user):
    make_user(Role.MEMBER, email="elif@example.org")
    client.login("elif@example.org")
    secret, _codes = set_up_second_factor(client)
    page = client.submit(
        "/account/two-factor/disable",
        {"password": "wrong password!", "code": pyotp.TOTP(secret).now()},
        form_page="/account/two-factor",
    ).get_data(as_text=True)
    assert "Your current password is not correct." in page
    page = client.submit(
        "/account/two-factor/disable",
        {"password": PASSWORD, "code": "000000"},
        form_page="/account/two-factor",
    ).get_data(as_text=True)
    assert "This code is not right" in page
    assert person("elif@example.org").has_two_factor
    response = client.submit(
        "/account/two-factor/disable",
        {"password": PASSWORD, "code": code_for("elif@example.org", secret)},
        form_page="/account/two-factor",
    )
    assert response.headers["Location"] == "/account/two-factor"
    user = person("elif@example.org")
    assert not user.has_two_factor and user.totp_secret is None
    assert db.session.scalar(select(RecoveryCode).where(RecoveryCode.user_id == user.id)) is None


def test_new_recovery_codes_replace_the_old_ones(client, make_user):
    """(The form of new codes has its own field names: two forms on one page, unique ids.)"""
    make_user(Role.MEMBER, email="olena@example.org")
    client.login("olena@example.org")
    secret, old = set_up_second_factor(client)
    token = client.csrf_token("/account/two-factor")
    page = client.post(
        "/account/two-factor/recovery-codes",
        data={"codes-csrf_token": token, "codes-code": code_for("olena@example.org", secret)},
    ).get_data(as_text=True)
    new = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    user = person("olena@example.org")
    assert db.session.scalar(select(db.func.count()).select_from(RecoveryCode)) == 10
    from council.accounts.recovery_codes import use_code

    assert not use_code(user, old[0]) and use_code(user, new[0])


def test_an_admin_removes_a_lost_second_factor_and_the_person_enrols_again(
    client, make_client, make_user
):
    make_user(Role.ADMIN, email="admin@example.org")
    official = make_user(Role.OFFICIAL, email="o@example.org", services=[])
    client.login("admin@example.org")
    page = client.get(f"/admin/users/{official.id}").get_data(as_text=True)
    assert "Remove the second factor" in page
    client.submit(f"/admin/users/{official.id}/two-factor/reset", {}, form_page="/me")
    assert not person("o@example.org").has_two_factor
    other = make_client()
    assert other.login("o@example.org").headers["Location"] == "/me"  # no code asked
    assert other.get("/me").headers["Location"] == "/account/two-factor/setup"


def test_the_demo_staff_use_the_documented_secret(app):
    from council.accounts.operations import find_user_by_email
    from council.accounts.two_factor import check_second_factor
    from council.cli.demo import DEMO_TOTP_SECRET

    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert DEMO_TOTP_SECRET == "JBSWY3DPEHPK3PXP"
    for email in ("admin", "secretaire", "bureau", "habitat", "sante"):
        user = find_user_by_email(f"{email}@council.example")
        assert user.has_two_factor
        assert check_second_factor(user, pyotp.TOTP(DEMO_TOTP_SECRET).now()) == "totp"
    assert not find_user_by_email("amina@council.example").has_two_factor
