"""Personal data: anyone reads the privacy page from the footer; a member downloads their data
and erases their account; the admin opens a person's data page on request."""

import json
from pathlib import Path

import pytest

from council.accounts.operations import create_user, find_user_by_email
from council.roles import Role
from tests.browser.council_data import in_app

pytestmark = pytest.mark.browser

ADMIN = "admin@council.example"
GIVE_ONLY = (
    "Give it only to the person it is about, after checking that the request comes from them."
)


def a_member_of_this_run(server, journey, password, who: str = "leaving") -> tuple[str, str]:
    """A member made for this language × device (other journeys rename the demo's members,
    and this one erases them)."""
    email = f"{who}-{journey.locale}-{journey.device}@example.org"
    name = f"{who.title()} ({journey.locale}, {journey.device})"
    with in_app(server):
        if find_user_by_email(email) is None:
            create_user(email, name, password, {Role.MEMBER}, journey.locale)
    return email, name


def test_anyone_reads_the_privacy_page_from_the_footer(journey):
    page, t = journey.page, journey.t
    journey.visit("/", "home")
    footer = page.locator("footer")
    journey.follow(footer.get_by_role("link", name=t("Privacy")), "privacy")
    journey.expect_text(t("Privacy: your personal data"), within="h1")
    journey.expect_text(t("What we never ask"))
    journey.expect_text(t("Who sees it"))


def test_a_member_downloads_their_data_then_erases_their_account(
    journey, live_server, demo_password
):
    page, t = journey.page, journey.t
    email, name = a_member_of_this_run(live_server, journey, demo_password)
    journey.login(email, demo_password)
    main = page.locator("main")
    journey.follow(journey.account_area().get_by_role("link", name=name), "account")
    journey.follow(main.get_by_role("link", name=t("Download my data")), "my-data")
    main.get_by_label(t("Your password, to confirm")).fill(demo_password)
    with page.expect_download() as download:
        main.get_by_role("button", name=t("Download (JSON)")).click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == email

    journey.follow(main.get_by_role("link", name=t("Erase my account")), "erase")
    main.get_by_label(t("Your password, to confirm")).fill(demo_password)
    journey.submit("erase-unconfirmed", t("Erase for good"))
    journey.expect_text(t("Check this box to confirm."))
    main.get_by_label(t("Your password, to confirm")).fill(demo_password)
    main.get_by_label(t("I understand that this cannot be undone")).check()
    journey.submit("erased", t("Erase for good"))
    journey.expect_text(t("Your account is erased. Thank you for your part in the council."))
    assert journey.account_area().get_by_role("link", name=t("Log in")).is_visible()


def test_the_admin_opens_a_persons_data_on_request(journey, live_server, demo_password):
    page, t = journey.page, journey.t
    _email, name = a_member_of_this_run(live_server, journey, demo_password, who="asking")
    journey.login(ADMIN, demo_password)
    journey.follow(journey.menu("People"), "people")
    main = page.locator("main")
    journey.follow(main.get_by_role("link", name=name, exact=True), "person")
    journey.follow(main.get_by_role("link", name=t("Download their data")), "person-data")
    journey.expect_text(t(GIVE_ONLY))
    journey.follow(main.get_by_role("link", name=t("Erase this account")), "person-erase")
    journey.expect_text(
        t("Only on the request of the person, after checking that it comes from them.")
    )
