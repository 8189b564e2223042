"""A refused form opens at its error summary, on a phone too: the summary has the focus and is
in view, its first link leads to the field; the address gets no fragment from the form, before
and after it is accepted (a fragment would follow the redirect to the next page)."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

IN_VIEW = """() => {
  const box = document.getElementById('error-summary').getBoundingClientRect();
  return box.top >= 0 && box.top < window.innerHeight;
}"""


def test_a_refused_form_opens_at_its_summary_and_the_accepted_one_leaves_no_fragment(
    journey, demo_password
):
    page, t = journey.page, journey.t
    journey.visit("/login", "login")
    main = page.locator("main")
    main.get_by_label(t("Email address")).fill("amina@council.example")
    journey.submit("login-refused", t("Log in"))  # no password

    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.evaluate(IN_VIEW), "the error summary is not in view"
    assert urlsplit(page.url).fragment == ""
    page.keyboard.press("Tab")  # the summary's link to the field comes next
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#password"

    main.get_by_label(t("Password"), exact=True).fill(demo_password)
    with page.expect_navigation():
        main.get_by_role("button", name=t("Log in"), exact=True).click()
    journey.check("logged-in")
    assert urlsplit(page.url).fragment == ""
