"""Without a mouse: Tab and Enter only, and the focus is always visible."""

import pytest

from tests.browser.checks import focus_problem, focused_element

pytestmark = pytest.mark.browser

MAX_TABS = 40  # more presses than any page needs to reach its target: a trap or a missing link


def tab_to(journey, accessible_name: str, problems: list[str]) -> None:
    """Press Tab until the element named `accessible_name` has the focus.

    Every element the focus passes through must show it (:focus-visible and an outline).
    """
    page = journey.page
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = focused_element(page)
        problem = focus_problem(focus)
        if problem:
            problems.append(f"{journey.page.url}: {problem}")
        if focus and accessible_name in focus["text"]:
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
    journey.check("logged-in")
    journey.expect_text(t("Hello %(name)s", name="Claire (secrétariat)"), within="h1")
    assert problems == []
