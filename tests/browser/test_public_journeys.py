"""Anyone, without an account: reading the council's public pages, with and without JavaScript."""

import pytest

pytestmark = pytest.mark.browser

HOUSING = "Direction de l'habitat"  # a demo service, with its name in every language
HOUSING_NAMES = {"fr": HOUSING, "ar": "مديرية السكن"}
OTHER_LANGUAGE = {"fr": ("ar", "العربية", "rtl"), "ar": ("fr", "Français", "ltr")}


def read_public_pages(journey):
    page = journey.visit("/", "home")
    assert page.locator("html").get_attribute("lang") == journey.locale
    journey.expect_text(journey.t("Council of foreign residents"), within="h1")

    main = page.locator("main")
    journey.follow(main.get_by_role("link", name=journey.t("Municipal services")), "services")
    journey.expect_text(journey.t("Municipal services"), within="h1")

    name = HOUSING_NAMES[journey.locale]
    journey.follow(main.get_by_role("link", name=name), "service")
    journey.expect_text(name, within="h1")
    journey.expect_text("habitat@ville.example")

    code, native_name, direction = OTHER_LANGUAGE[journey.locale]
    switcher = page.get_by_role("navigation", name=journey.t("Choose your language"))
    journey.follow(switcher.get_by_role("link", name=native_name), "language-switched")
    assert page.locator("html").get_attribute("lang") == code
    assert page.locator("html").get_attribute("dir") == direction
    journey.expect_text(HOUSING_NAMES[code], within="h1")
    # The choice is remembered: the next page is in the new language without ?lang=.
    journey.visit("/services/", "services-in-new-language")
    assert page.locator("html").get_attribute("lang") == code


def test_public_reader(journey):
    read_public_pages(journey)


def test_public_reader_without_javascript(journey_without_js):
    read_public_pages(journey_without_js)


def test_public_reader_meets_missing_pages_and_the_statement(journey):
    page = journey.visit("/services/999999", "not-found", status=404)
    journey.expect_text(journey.t("Page not found"), within="h1")
    footer = page.locator("footer")
    journey.follow(
        footer.get_by_role("link", name=journey.t("Accessibility: partially compliant")),
        "accessibility-statement",
    )
    journey.expect_text(journey.t("Accessibility statement"), within="h1")
    journey.expect_text("75342 Paris CEDEX 07")


def test_public_reader_follows_the_council_work(journey):
    """Proposals, questions from the city and meetings, from the main menu (demo data)."""
    page, t = journey.page, journey.t
    journey.visit("/", "home")
    nav = page.get_by_role("navigation", name=t("Main menu"))
    for menu, pattern, step in [
        ("Proposals", r"/proposals/\d+", "proposal"),
        ("Questions from the city", r"/referrals/\d+", "referral"),
        ("Meetings", r"/meetings/\d+", "meeting"),
    ]:
        journey.follow(nav.get_by_role("link", name=t(menu), exact=True), f"{step}s")
        journey.expect_text(t(menu), within="h1")
        link = journey.link_to(pattern)
        title = " ".join(link.inner_text().split())
        journey.follow(link, step)
        journey.expect_text(title, within="h1")
