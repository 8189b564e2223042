"""One rule for the language of a text, on a phone: an Arabic proposal translated into French,
adopted, debated in Arabic (the debate's summary translated into French) and transmitted. The
French reader of the approved minutes and of the recommendation reads French, told it is a
translation; the Arabic reader reads the Arabic originals; labels stay readable at 360 px."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from council import proceedings
from council.accounts.operations import find_user_by_email
from council.db_types import utcnow
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings import queries as meeting_queries
from council.meetings.demo import show_of_hands
from council.minutes import operations as minutes_ops
from council.minutes.queries import minutes_of
from council.recommendations import operations as recommendations
from council.recommendations.models import Recommendation
from council.services.models import Service
from council.translations_content import operations as translations
from council.translations_content.registry import translatable_kind
from tests.browser import council_data
from tests.browser.council_data import in_app, member

pytestmark = pytest.mark.browser

ARABIC_TITLE = "مقاعد للاستراحة في الحدائق العامة"
FRENCH_TITLE = "Des bancs dans les jardins publics"
ARABIC_BODY = "نقترح وضع **مقاعد** في كل حديقة عامة، قرب الألعاب وفي الظل."
FRENCH_BODY = "Nous proposons des **bancs** dans chaque jardin public, près des jeux et à l'ombre."
ARABIC_DEBATE = "رحّب الأعضاء بالفكرة وطلبوا مقاعد يسهل على كبار السن استعمالها."
FRENCH_DEBATE = "Les membres ont salué l'idée et demandé des bancs faciles pour les aînés."


def _translate(kind, obj, login, **texts):
    translations.save_translations(translatable_kind(kind), obj, member(login), "fr", texts)


def debated_and_transmitted(server, run: str) -> dict:
    """The whole story through the operations, once per run (language and device)."""
    title = f"{ARABIC_TITLE} ({run})"
    proposal_id = council_data.submitted_proposal(
        server, title, "youssef", ["amina", "nadia"], body=ARABIC_BODY, language="ar"
    )
    with in_app(server):
        found = db.session.scalar(
            select(Recommendation).where(Recommendation.proposal_id == proposal_id)
        )
        if found is not None:
            return {"meeting_id": found.meeting_id, "recommendation_id": found.id}
        from council.proposals.models import Proposal

        proposal = db.session.get(Proposal, proposal_id)
        _translate("proposal", proposal, "karim", title=f"{FRENCH_TITLE} ({run})", body=FRENCH_BODY)
        secretary = find_user_by_email("secretaire@council.example")
        starts = utcnow().replace(microsecond=0) + timedelta(hours=1)
        meeting = meetings.schedule_meeting(
            secretary, kind="plenary", title=f"Plénière des jardins ({run})",
            starts_at=starts, ends_at=starts + timedelta(hours=2), place="Maison des habitants",
        )  # fmt: skip
        item = meetings.add_agenda_item(
            meeting, secretary, kind="proposal", title="", description="", proposal_id=proposal_id
        )
        meetings.start_session(meeting, secretary)
        present = meeting_queries.entitled_members(meeting)
        for person in present:
            meetings.record_attendance(meeting, secretary, member=person, status="present")
        show_of_hands(item, secretary, "Adopter la proposition ?", (len(present) - 3, 2, 1))
        proceedings.close_meeting(meeting, secretary)
        minutes = minutes_of(meeting)
        minutes_ops.save_minutes(
            minutes, secretary, seen_version=minutes.version, chair="Claire",
            summary="Séance consacrée aux jardins.", summary_language="fr", easy_read="",
            easy_read_language="fr", narratives={item.id: (ARABIC_DEBATE, "ar")},
        )  # fmt: skip
        _translate("minutes_narrative", minutes.narrative_for(item.id), "karim", text=FRENCH_DEBATE)
        minutes_ops.approve_by_bureau(minutes, secretary, decision="Approuvé.", allowed=True)
        minutes_ops.publish_minutes(minutes, secretary)
        recommendation = db.session.scalar(
            select(Recommendation).where(Recommendation.proposal_id == proposal_id)
        )
        housing = db.session.scalar(
            select(Service).where(Service.name == council_data.HOUSING_SERVICE)
        )
        recommendations.transmit_recommendation(recommendation, secretary, services=[housing])
        return {"meeting_id": meeting.id, "recommendation_id": recommendation.id}


def assert_readable(label) -> None:
    """A label on one or a few lines at 360 px, never one letter per line."""
    box = label.bounding_box()
    assert box and box["width"] > 200, box
    line = float(label.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20"))
    assert box["height"] < line * 6, (box, line)


def test_minutes_and_recommendation_in_the_readers_language(journey):
    page, t, locale = journey.page, journey.t, journey.locale
    made = debated_and_transmitted(journey.server, f"{locale}, {journey.device}")
    main = page.locator("main")

    journey.visit(f"/meetings/{made['meeting_id']}/minutes", "approved-minutes")
    debate = main.locator(".minutes-item .minutes-text").first
    if locale == "fr":
        assert debate.get_attribute("lang") == "fr" and debate.get_attribute("dir") == "ltr"
        journey.expect_text(FRENCH_DEBATE, within="main .minutes-item")
        label = main.locator(".minutes-item .translation-label").first
        assert "arabe" in label.inner_text()
        assert_readable(label)
        heading = main.locator(".minutes-item h3 bdi").first
        assert heading.get_attribute("lang") == "fr" and FRENCH_TITLE in heading.inner_text()
    else:
        assert debate.get_attribute("lang") == "ar" and debate.get_attribute("dir") == "rtl"
        journey.expect_text(ARABIC_DEBATE, within="main .minutes-item")
        assert main.locator(".minutes-item .translation-label").count() == 0
        heading = main.locator(".minutes-item h3 bdi").first
        assert heading.get_attribute("dir") == "rtl" and ARABIC_TITLE in heading.inner_text()

    journey.visit(f"/recommendations/{made['recommendation_id']}", "recommendation")
    h1 = main.locator("h1").first
    if locale == "fr":
        assert h1.get_attribute("lang") == "fr" and FRENCH_TITLE in h1.inner_text()
        label = main.locator(".translation-label").first
        assert t("Read the original") in label.inner_text()
        assert_readable(label)
    else:
        assert h1.get_attribute("dir") == "rtl" and ARABIC_TITLE in h1.inner_text()
    # A reader of Turkish (no Turkish version): the French, and a plain note saying so.
    journey.visit(f"/recommendations/{made['recommendation_id']}?lang=tr", "recommendation-tr")
    label = main.locator(".translation-label__foreign").first
    assert "Türkçe" in label.inner_text()
    assert_readable(main.locator(".translation-label").first)
