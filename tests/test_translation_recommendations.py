"""Recommendations start with their proposal's translations; services' responses and follow-ups
record their language and are translated by members or officials, over HTTP."""

import re

import feedparser
from flask_babel import force_locale, gettext

from council.extensions import db
from council.polls import operations as polls
from council.proceedings import close_poll
from council.recommendations import operations
from council.recommendations.models import Recommendation, Response
from council.roles import Role
from council.translations_content.models import ContentTranslation
from council.translations_content.reading import language_name
from tests.meeting_helpers import open_poll
from tests.proposal_factories import a_submitted
from tests.recommendation_helpers import a_council, a_service, an_official, transmit
from tests.translation_helpers import ARABIC_BODY, ARABIC_TITLE, html, review, translate


def adopted_arabic_proposal(make_user):
    council = a_council(make_user)
    secretary, members, meeting = council
    proposal = a_submitted(members[0], members[1:], title=ARABIC_TITLE, body=ARABIC_BODY,
                           language="ar")  # fmt: skip
    translator, reviewer = make_user(Role.MEMBER), make_user(Role.MEMBER)
    translate("proposal", proposal, translator, "fr", title="Des interprètes", body="Un service.")
    review("proposal", proposal, reviewer, "fr")
    translate("proposal", proposal, translator, "en", title="Interpreters")
    poll = open_poll(meeting, secretary)
    for voter in (secretary, *members):
        polls.cast_ballot(poll, voter, choice="for")
    result = close_poll(poll, secretary)
    recommendation = operations.create_recommendation(proposal, secretary, result=result)
    db.session.commit()
    return council, recommendation


def test_a_recommendation_keeps_the_translations_its_proposal_had(client, make_user):
    council, recommendation = adopted_arabic_proposal(make_user)
    service = a_service()
    transmit(council, recommendation, [service])
    recommendation = db.session.get(Recommendation, recommendation.id)
    assert recommendation.frozen_translations["fr"]["title"] == "Des interprètes"
    copied = db.session.scalars(
        db.select(ContentTranslation).where(ContentTranslation.subject_kind == "recommendation")
    ).all()
    assert {(row.field, row.locale, row.is_reviewed) for row in copied} == {
        ("title", "fr", True), ("body", "fr", True), ("title", "en", False),
    }  # fmt: skip
    page = html(client.get(f"/recommendations/{recommendation.id}?lang=fr"))
    assert '<h1 lang="fr" dir="ltr" data-translated-from="ar">Des interprètes</h1>' in page
    assert "translation-label__reviewed" in page
    page = html(client.get(f"/recommendations/{recommendation.id}?lang=tr"))
    assert '<h1 lang="fr" dir="ltr" data-translated-from="ar">Des interprètes</h1>' in page
    page = html(client.get(f"/recommendations/{recommendation.id}?lang=ar"))
    assert f'<h1 lang="ar" dir="rtl">{ARABIC_TITLE}</h1>' in page
    # The list shows the same version of the title as the recommendation's page.
    listing = html(client.get("/recommendations/?lang=fr"))
    assert re.search(
        r'<a href="/recommendations/\d+" lang="fr" dir="ltr">Des interprètes</a>', listing
    )
    assert 'class="translation-label translation-label--short" data-original-lang="ar"' in listing
    listing = html(client.get("/recommendations/?lang=ar"))
    assert re.search(
        rf'<a href="/recommendations/\d+" lang="ar" dir="rtl">{ARABIC_TITLE}</a>', listing
    )


def test_an_official_translates_a_response_and_a_member_a_follow_up(client, make_user):
    council, recommendation = adopted_arabic_proposal(make_user)
    service = a_service()
    agent = an_official(make_user, service, "agent@ville.example", locale="fr")
    transmit(council, recommendation, [service])
    version = operations.respond_to_recommendation(
        recommendation,
        agent,
        service=service,
        status="partially_accepted",
        justification="Nous ouvrirons **deux** postes.",
        commitments=[{"text": "Recruter deux interprètes", "target_date": "2030-01-01"}],
    )
    db.session.commit()
    assert version.language == "fr"
    response = db.session.get(Response, recommendation.responses[0].id)
    commitment = response.commitments[0]
    follow_up = operations.post_follow_up(
        commitment, agent, status="in_progress", note="Un recrutement.", percent=50
    )
    db.session.commit()
    assert follow_up.language == "fr"
    client.login(agent.email)
    url = f"/translate/response/{response.id}/ar"
    assert client.submit(url, {"justification": "سنفتح **وظيفتين**."}).status_code == 302
    # Officials cannot translate proposals, and they are not asked to in the queue.
    assert client.get(f"/translate/proposal/{recommendation.proposal_id}/tr").status_code == 403
    client.logout()
    member = make_user(Role.MEMBER, email="nadia@example.org")
    client.login(member.email)
    assert client.submit(f"/translate/follow_up/{follow_up.id}/ar",
                         {"note": "توظيف جارٍ."}).status_code == 302  # fmt: skip
    page = html(client.get(f"/recommendations/{recommendation.id}?lang=ar"))
    translated = '<div class="user-text" lang="ar" dir="rtl" data-translated-from="fr">'
    answer = re.search(re.escape(translated) + r"(.*?)</div>", page, re.S)
    assert answer and "<strong>وظيفتين</strong>" in answer.group(1)
    with force_locale("ar"):
        by_official = gettext(
            "Translated from %(language)s by a city official", language=language_name("fr", "ar")
        )
    assert by_official in page
    assert (
        '<p class="user-text" lang="ar" dir="rtl" data-translated-from="fr">توظيف جارٍ.</p>' in page
    )
    # A new version of the response makes its translation outdated.
    operations.respond_to_recommendation(
        recommendation,
        agent,
        service=service,
        status="partially_accepted",
        justification="Nous ouvrirons trois postes.",
        commitments=[
            {"id": commitment.id, "text": "Recruter deux interprètes", "target_date": "2030-01-01"}
        ],
    )
    db.session.commit()
    page = html(client.get(f"/recommendations/{recommendation.id}?lang=ar"))
    assert "translation-label__stale" in page


def test_the_api_and_the_feed_expose_translations(client, make_user):
    council, recommendation = adopted_arabic_proposal(make_user)
    service = a_service()
    transmit(council, recommendation, [service])
    proposal_id = recommendation.proposal_id
    item = client.get(f"/api/v1/proposals/{proposal_id}?lang=fr").get_json()
    assert item["title"] == ARABIC_TITLE and item["language"] == "ar"  # the original stays
    assert item["available_languages"] == ["ar", "en", "fr"]
    title = item["translation"]["fields"]["title"]
    assert item["translation"]["locale"] == "fr" and title["text"] == "Des interprètes"
    assert title["reviewed"] is True and title["outdated"] is False
    assert client.get(f"/api/v1/proposals/{proposal_id}?lang=tr").get_json()["translation"] is None
    assert client.get(f"/api/v1/proposals/{proposal_id}").get_json()["translation"] is None
    listed = client.get("/api/v1/recommendations?lang=en").get_json()["data"][0]
    assert listed["translation"]["fields"]["title"]["text"] == "Interpreters"
    feed = html(client.get("/feeds/recommendations.atom?lang=fr"))
    assert '<title xml:lang="fr">Des interprètes</title>' in feed
    feed = html(client.get("/feeds/recommendations.atom?lang=ru"))
    assert '<title xml:lang="fr">Des interprètes</title>' in feed  # no Russian: the French
    feed = html(client.get("/feeds/recommendations.atom?lang=ar"))
    assert f'<title xml:lang="ar">{ARABIC_TITLE}</title>' in feed
    # Each entry lists the languages it can be read in, as alternate links.
    [entry] = feedparser.parse(feed).entries
    alternates = {link.get("hreflang"): link.href for link in entry.links}
    assert set(alternates) == {None, "ar", "en", "fr"}
    assert alternates["fr"].endswith(f"/recommendations/{recommendation.id}?lang=fr")


def test_minutes_summaries_and_narratives_are_translated(app, client, make_user):
    from tests.minutes_helpers import approve_and_publish, closed_meeting, save_text

    made = closed_meeting(make_user)
    minutes, secretary, info = made["minutes"], made["secretary"], made["info_item"]
    narrative = "قال العمدة إن Jean-Pierre Dupont سيتابع الملف."
    save_text(minutes, secretary, easy_read="Le maire a parlé du logement.",
              easy_read_language="fr", summary="Une séance **calme**.", summary_language="fr",
              narratives={info.id: (narrative, "ar")})  # fmt: skip
    approve_and_publish(app, minutes, secretary)
    member = make_user(Role.MEMBER, email="karim@example.org")
    translate("minutes", minutes, member, "ar", easy_read="تحدث العمدة عن السكن.")
    from council.minutes.translatable import narrative_of_item

    translate("minutes_narrative", narrative_of_item(info.id), member, "fr",
              text="Le maire a dit que Jean-Pierre Dupont suivra le dossier.")  # fmt: skip
    url = f"/meetings/{made['meeting'].id}/minutes"
    page = html(client.get(f"{url}?lang=ar"))
    assert 'lang="ar" dir="rtl" data-translated-from="fr">تحدث العمدة عن السكن.</div>' in page
    # The narrative stays in Arabic for an Arabic reader, a Latin name inside it.
    assert f'lang="ar" dir="rtl"><p>{narrative}</p>' in page
    page = html(client.get(f"{url}?lang=fr"))
    assert 'data-translated-from="ar"><p>Le maire a dit que Jean-Pierre Dupont' in page
    assert 'class="translation-label" id="minutes_narrative-' in page
    assert 'lang="fr" dir="ltr">Le maire a parlé du logement.</div>' in page  # its own language


def test_the_minutes_feed_reads_in_the_asked_language_and_lists_the_others(app, client, make_user):
    from tests.minutes_helpers import approve_and_publish, closed_meeting, save_text

    made = closed_meeting(make_user)
    minutes, secretary = made["minutes"], made["secretary"]
    texts = {"easy_read": "Le maire a parlé du logement.", "easy_read_language": "fr",
             "summary": "Une séance calme.", "summary_language": "fr"}  # fmt: skip
    save_text(minutes, secretary, **texts)
    approve_and_publish(app, minutes, secretary)
    translate("minutes", minutes, make_user(Role.MEMBER), "ar", easy_read="تحدث العمدة عن السكن.")
    arabic = client.get("/feeds/minutes.atom?lang=ar")
    assert b'<entry xml:lang="ar">' in arabic.data
    [entry] = feedparser.parse(arabic.data).entries
    assert entry.summary == "تحدث العمدة عن السكن."
    assert {link.get("hreflang") for link in entry.links} == {None, "ar", "fr"}
    # No Turkish translation: the French original, declared as French.
    turkish = client.get("/feeds/minutes.atom?lang=tr")
    assert b'<entry xml:lang="fr">' in turkish.data
    assert feedparser.parse(turkish.data).entries[0].summary == "Le maire a parlé du logement."
