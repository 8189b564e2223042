"""A member casts a secret ballot from a phone and keeps the receipt shown once; anyone checks a
closed secret poll on its public page. French and Arabic, phone and desktop."""

import re

import pytest

from tests.browser import ballot_data

pytestmark = pytest.mark.browser

# One voter per language × device in the open secret poll.
SECRET_VOTERS = {
    ("fr", "phone"): "rosa",
    ("fr", "desktop"): "mamadou",
    ("ar", "phone"): "nadia",
    ("ar", "desktop"): "youssef",
}


SECRET_WARNING = (
    "Secret ballot: once sent it cannot be changed. You get a receipt code to check your "
    "ballot after the poll closes."
)


@pytest.fixture(scope="session")
def secret_polls(live_server) -> dict:
    return ballot_data.secret_polls(live_server)


def test_member_casts_a_secret_ballot_and_sees_the_receipt_once(
    journey, secret_polls, demo_password
):
    page, t = journey.page, journey.t
    voter = SECRET_VOTERS[(journey.locale, journey.device)]
    journey.login(f"{voter}@council.example", demo_password)
    journey.visit(f"/polls/{secret_polls['open']}", "secret-poll")
    main = page.locator("main")
    # Said before the buttons: a secret ballot cannot be changed; the tap leads to a check.
    journey.expect_text(t(SECRET_WARNING))
    journey.submit("check-secret-ballot", t("Against"))
    journey.expect_text(t("Check and confirm your secret ballot"), within="h1")
    assert main.get_by_label(t("Against"), exact=True).is_checked()
    journey.submit("receipt", t("Cast my secret ballot"))
    journey.expect_text(t("Your secret ballot is recorded"), within="h1")
    journey.expect_text(t("Receipt for your own vote"))
    receipt = main.locator(".receipt code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", receipt)
    # Shown once: the poll's page does not show it again.
    journey.follow(main.get_by_role("link", name=t("Back to the poll")), "after-receipt")
    assert receipt not in main.inner_text()


def test_anyone_checks_a_closed_secret_poll(journey, secret_polls):
    page, t = journey.page, journey.t
    journey.visit(f"/polls/{secret_polls['closed']}", "closed-secret-poll")
    main = page.locator("main")
    journey.follow(main.get_by_role("link", name=t("Published receipts and choices")), "verify")
    journey.expect_text(t("Check this poll"), within="h1")
    journey.expect_text(t("How to count it again yourself"))
    rows = main.locator(".receipts-table tbody tr")
    assert rows.count() == len(ballot_data.CLOSED_VOTERS)
