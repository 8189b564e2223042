"""An official of the housing service answers a recommendation from the browser: their inbox,
the response with a commitment, a follow-up on it, both on the public page; and the pages of a
recommendation addressed only to other services stay closed to them."""

from datetime import date, timedelta

import pytest

from council.plain_text import isolate
from tests.browser import council_data

pytestmark = pytest.mark.browser

OFFICIAL = "habitat@council.example"  # "Agent habitat", of the Direction de l'habitat
HEALTH = "Santé publique"


def test_official_answers_a_recommendation_and_follows_up(journey, live_server, demo_password):
    page, t = journey.page, journey.t
    run = f"({journey.locale}, {journey.device})"
    # Each run answers its own recommendation: the four runs share one database.
    recommendation = council_data.transmitted_recommendation(
        live_server, f"Un guichet logement ouvert le samedi {run}"
    )
    housing = council_data.service(live_server, council_data.HOUSING_SERVICE, journey.locale)
    main = page.locator("main")
    # The interface follows the language the official chose (the journey's cookie), whatever
    # their account says; what they write is the service's French, and they say so.
    justification = f"Nous ouvrirons le guichet un samedi sur deux, faute de personnel {run}."
    commitment = f"Ouvrir le guichet logement deux samedis par mois {run}."
    target = date.today() + timedelta(days=90)

    journey.login(OFFICIAL, demo_password)
    journey.follow(journey.menu("My service’s inbox"), "inbox")
    journey.expect_text(t("Recommendations addressed to your service"))
    journey.follow(journey.link_to(rf"/recommendations/{recommendation}"), "recommendation")
    journey.expect_text(t("awaiting a response"), within="main .recommendation-services")
    journey.follow(main.get_by_role("link", name=t("Answer for this service")), "respond")
    journey.expect_text(t("Your response is published as soon as you send it."))
    journey.picture("official-respond", device="desktop")

    main.get_by_label(journey.tp("response", "partially accepted"), exact=True).check()
    main.get_by_label(t("Justification")).fill(justification)
    language = main.get_by_label(t("Language of the text"))
    assert language.input_value() == journey.locale  # the page's language is offered first
    language.select_option("fr")
    first = main.get_by_role("group", name=t("Commitment %(num)d", num=1), exact=True)
    first.get_by_label(t("Commitment"), exact=True).fill(commitment)
    first.get_by_label(t("Target date")).fill(target.isoformat())
    journey.submit("response-published", t("Publish the response"))
    journey.expect_text(
        t("The response of %(service)s is published.", service=isolate(housing["name"]))
    )
    timeline = "main .recommendation-timeline"
    answered = t("%(service)s responded", service=housing["name"])
    journey.expect_text(
        f"{answered}: {journey.tp('response', 'partially accepted')}", within=timeline
    )
    journey.expect_text(justification, within=timeline)
    written = page.locator(timeline).get_by_text(justification)
    assert written.evaluate("e => e.closest('[lang]').lang") == "fr"
    assert written.evaluate("e => getComputedStyle(e).direction") == "ltr"
    due = t("target date: %(date)s", date=journey.date(target))
    journey.expect_text(f"{commitment} — {due}", within=timeline)
    journey.expect_text(t("answered on time"), within="main .recommendation-services")

    # The public page lists the commitment with a link to report on it.
    journey.follow(main.get_by_role("link", name=t("Post a follow-up")), "follow-up")
    journey.expect_text(commitment)
    main.get_by_label(journey.tp("commitment", "in progress"), exact=True).check()
    main.get_by_label(t("Percentage done (optional)")).fill("40")
    main.get_by_label(t("Note")).fill(f"Deux agents volontaires trouvés {run}.")
    main.get_by_label(t("Language of the text")).select_option("fr")
    journey.submit("follow-up-published", t("Publish the follow-up"))
    journey.expect_text(t("The follow-up is published."))
    progress = t(
        "Follow-up by %(service)s: %(status)s",
        service=housing["name"],
        status=journey.tp("commitment", "in progress"),
    )
    journey.expect_text(f"{progress} · {t('%(percent)d%% done', percent=40)}", within=timeline)
    journey.expect_text(
        f"{journey.tp('commitment', 'in progress')} ({t('%(percent)d%% done', percent=40)})"
    )

    # The inbox now offers to revise the response and to report again on the commitment.
    journey.follow(journey.menu("My service’s inbox"), "inbox-answered")
    journey.expect_text(t("Revise the response"))


def test_official_cannot_answer_for_another_service(journey, live_server, demo_password):
    """The demo's rights recommendation is addressed to health and education, not housing."""
    t = journey.t
    other = council_data.recommendation_id_titled(
        live_server, council_data.OTHER_SERVICES_RECOMMENDATION
    )
    housing = council_data.service(live_server, council_data.HOUSING_SERVICE, journey.locale)
    health = council_data.service(live_server, HEALTH, journey.locale)

    journey.login(OFFICIAL, demo_password)
    journey.follow(journey.menu("My service’s inbox"), "inbox")
    listed = journey.page.locator(f'main a[href="/recommendations/{other}"]')
    assert listed.count() == 0, "the inbox lists a recommendation sent to other services"

    # Public once transmitted, it is readable, but offers this official nothing to answer.
    journey.visit(f"/recommendations/{other}", "other-services-recommendation")
    journey.expect_text(health["name"], within="main .recommendation-services")
    answer = journey.page.get_by_role("link", name=t("Answer for this service"))
    assert answer.count() == 0, "an official is offered to answer for another service"

    journey.visit(f"/inbox/{other}/services/{health['id']}/respond", "other-service", status=403)
    journey.expect_text(t("Access denied"), within="main h1")
    journey.expect_text(t("You do not have permission to see this page."))
    # Their own service, on a recommendation that does not address it: no such response page.
    journey.visit(f"/inbox/{other}/services/{housing['id']}/respond", "not-addressed", status=404)
    journey.expect_text(t("Page not found"), within="main h1")
