"""Without a mouse: Tab and Enter only, and the focus is always visible."""

import pytest

from tests.browser.checks import focus_problem, focused_element
from tests.browser.council_data import ONLINE_MEETING, ONLINE_QUESTION

pytestmark = pytest.mark.browser

MAX_TABS = 40  # more presses than any page needs to reach its target: a trap or a missing link


def tab_to(
    journey, accessible_name: str, problems: list[str], *, exact=False, backwards=False
) -> None:
    """Press Tab (Shift+Tab `backwards`) until the element named `accessible_name` has the focus.

    Every element the focus passes through must show it (:focus-visible and an outline).
    """
    page = journey.page
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focus = focused_element(page)
        problem = focus_problem(focus)
        if problem:
            problems.append(f"{journey.page.url}: {problem}")
        text = focus["text"] if focus else ""
        if text == accessible_name or (not exact and accessible_name in text):
            return
    raise AssertionError(f"{accessible_name!r} never got the focus after {MAX_TABS} Tab presses")


def test_keyboard_only_login(journey, demo_password):
    page, t = journey.page, journey.t
    problems: list[str] = []
    journey.visit("/", "home")

    page.keyboard.press("Tab")
    first = focused_element(page)
    assert first["text"] == t("Skip to main content"), first
    assert focus_problem(first) is None, focus_problem(first)

    tab_to(journey, t("Log in"), problems)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    journey.check("login")

    # The skip link takes the focus past the header, straight to the form.
    page.keyboard.press("Tab")
    assert focused_element(page)["text"] == t("Skip to main content")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "email"
    assert focus_problem(focused_element(page)) is None
    page.keyboard.type("secretaire@council.example")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "password"
    page.keyboard.type(demo_password)
    tab_to(journey, t("Log in"), problems)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # A secretary's second factor: the code of the authenticator app, typed at the keyboard.
    journey.check("second-factor")
    page.keyboard.press("Tab")  # the page starts at <main>, as the login form was reached
    assert page.evaluate("document.activeElement.autocomplete") == "one-time-code"
    assert focus_problem(focused_element(page)) is None
    page.keyboard.type(journey.second_factor_code("secretaire@council.example"))
    tab_to(journey, t("Continue"), problems, exact=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    journey.check("logged-in")
    journey.expect_text(t("Hello %(name)s", name="Claire (secrétariat)"), within="h1")
    assert problems == []


# One voter per language × device in the open online poll (tests/browser/council_data.py).
KEYBOARD_VOTERS = {
    ("fr", "phone"): "ahmad",
    ("fr", "desktop"): "mehmet",
    ("ar", "phone"): "iryna",
    ("ar", "desktop"): "nadia",
}


def press_and_check(journey, key: str, step: str) -> None:
    with journey.page.expect_navigation():
        journey.page.keyboard.press(key)
    journey.check(step)


def skip_to_main(journey) -> None:
    """Tab to the skip link (the first stop on every page) and follow it."""
    page = journey.page
    page.keyboard.press("Tab")
    assert focused_element(page)["text"] == journey.t("Skip to main content")
    page.keyboard.press("Enter")


def test_keyboard_only_vote(journey, online_poll, demo_password):
    """Log in, find the open poll and vote with Tab, Shift+Tab, Space and Enter only."""
    page, t = journey.page, journey.t
    problems: list[str] = []
    voter = KEYBOARD_VOTERS[(journey.locale, journey.device)]
    journey.visit("/login", "login")
    skip_to_main(journey)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "email"
    page.keyboard.type(f"{voter}@council.example")
    page.keyboard.press("Tab")
    page.keyboard.type(demo_password)
    tab_to(journey, t("Log in"), problems, exact=True)
    press_and_check(journey, "Enter", "logged-in")

    # The login form was reached through the skip link: the new page starts at <main> too,
    # and the main menu is behind it.
    if journey.device == "phone":  # the header's menu is a page of its own there
        tab_to(journey, t("Menu"), problems, exact=True, backwards=True)
        press_and_check(journey, "Enter", "menu")
        skip_to_main(journey)
        tab_to(journey, t("Meetings"), problems, exact=True)
    else:
        tab_to(journey, t("Meetings"), problems, exact=True, backwards=True)
    press_and_check(journey, "Enter", "meetings")
    skip_to_main(journey)
    tab_to(journey, ONLINE_MEETING, problems, exact=True)
    press_and_check(journey, "Enter", "meeting")
    skip_to_main(journey)
    tab_to(journey, journey.tp("verb", "Vote"), problems, exact=True)
    press_and_check(journey, "Enter", "poll")
    journey.expect_text(ONLINE_QUESTION, within="h1")

    skip_to_main(journey)
    # The voting buttons come first in <main>: the choice is one key press away.
    tab_to(journey, t("For"), problems, exact=True)
    assert focus_problem(focused_element(page)) is None
    press_and_check(journey, "Enter", "voted")
    journey.expect_text(t("Your vote is recorded."))
    assert problems == []
