"""Latin text inside Arabic pages (addresses, API names, file types) reads in its own order.

"Add to my calendar (.ics)", "API description (OpenAPI)" and "https://" sit in Arabic
sentences; each is isolated (U+2068 … U+2069 in the catalog, <bdi> in templates), so that it
is drawn left to right as one piece. `checks.misdrawn_latin_runs` measures where each
character is drawn; in French the same pages must simply pass their usual checks.
"""

import pytest

from tests.browser import checks

pytestmark = pytest.mark.browser


def expect_latin_runs_in_order(journey, step):
    journey.check(step)
    problems = checks.misdrawn_latin_runs(journey.page)
    assert problems == [], f"{journey.locale} {journey.device} {step}:\n" + "\n".join(problems)


def test_latin_runs_read_in_order_on_public_pages(journey):
    page = journey.visit("/meetings/", "meetings")
    journey.follow(journey.link_to(r"/meetings/\d+"), "meeting")
    journey.expect_text(journey.t("Add to my calendar (.ics)"))
    expect_latin_runs_in_order(journey, "meeting-calendar-link")
    journey.visit("/accessibility", "accessibility-statement")
    journey.expect_text("Chromium")
    expect_latin_runs_in_order(journey, "accessibility-statement-tools")
    assert page.locator("html").get_attribute("lang") == journey.locale


def test_latin_runs_read_in_order_on_the_integrations_pages(journey, demo_password):
    journey.login("admin@council.example", demo_password)
    journey.visit("/admin/integrations", "integrations")
    journey.expect_text(journey.t("API description (OpenAPI)"))
    expect_latin_runs_in_order(journey, "integrations-openapi")
    journey.follow(journey.link_to(r"/admin/services/\d+/webhooks"), "webhooks")
    expect_latin_runs_in_order(journey, "webhooks-https")
