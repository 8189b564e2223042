"""A member turns on two-factor authentication from their phone, keeps the recovery codes,
and logs in again with the authenticator app's code."""

import re

import pyotp
import pytest

from tests.browser import council_data

pytestmark = pytest.mark.browser


def test_member_sets_up_two_factor_and_logs_in_with_a_code(journey, live_server, demo_password):
    page, t = journey.page, journey.t
    login = f"securite-{journey.locale}-{journey.device}"
    email = council_data.new_member(live_server, login, "Samira", journey.locale)
    journey.login(email, demo_password)

    journey.follow(journey.account_area().get_by_role("link", name="Samira"), "account")
    main = page.locator("main")
    journey.follow(main.get_by_role("link", name=t("Two-factor authentication")), "two-factor")
    journey.expect_text(t("Two-factor authentication is off."))
    journey.follow(main.get_by_role("link", name=t("Set up two-factor authentication")), "set-up")
    qr_code = main.get_by_role("img", name=t("QR code to scan with your authenticator app"))
    assert qr_code.is_visible()
    secret = main.locator("code.secret-key").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)

    main.get_by_label(t("Code shown by the app")).fill("000000")
    journey.submit("wrong-code", t("Turn on two-factor authentication"))
    journey.expect_text(t("This code is not right. Check that your phone shows the right time, "
                          "then type the code the app shows now."))  # fmt: skip
    main.get_by_label(t("Code shown by the app")).fill(pyotp.TOTP(secret).now())
    journey.submit("recovery-codes", t("Turn on two-factor authentication"))
    journey.expect_text(t("Two-factor authentication is on."))
    codes = main.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10

    journey.follow(main.get_by_role("link", name=t("I have kept my codes")), "account-after")
    journey.log_out()

    journey.visit("/login", "login-again")
    main.get_by_label(t("Email address")).fill(email)
    main.get_by_label(t("Password"), exact=True).fill(demo_password)
    journey.submit("code-asked", t("Log in"))
    journey.expect_text(t("Two-factor authentication"), within="h1")
    main.get_by_label(t("Code"), exact=True).fill(journey.second_factor_code(email, secret))
    journey.submit("logged-in-with-code", t("Continue"))
    assert journey.account_area().get_by_role("link", name="Samira").is_visible()
