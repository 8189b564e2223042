"""Recommendations over HTTP: transmission, the officials' inbox and forms, the public list,
the timeline, the dashboard, the Atom feed and the open-data exports."""

import csv
import io
import json
import re
from datetime import timedelta

import feedparser
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from council.dates import council_today
from council.extensions import db
from council.recommendations import operations
from council.recommendations.models import FollowUp, Recommendation, ResponseVersion
from council.services import operations as services
from tests.conftest import outbox
from tests.recommendation_helpers import a_council, a_service, adopted, an_official, transmit


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def setup_two_services(make_user):
    council = a_council(make_user)
    habitat = a_service()
    health = a_service("Santé publique", "sante@ville.example")
    agent = an_official(make_user, habitat, "agent@ville.example", name="Agent Habitat")
    nurse = an_official(make_user, health, "nurse@ville.example", name="Nurse Santé")
    return council, habitat, health, agent, nurse


def test_the_secretary_transmits_from_the_page(make_user, client):
    council, habitat, health, agent, nurse = setup_two_services(make_user)
    recommendation = adopted(council, title="Des bancs", suggested=[habitat])
    url = f"/recommendations/{recommendation.id}/transmit"
    client.login("secretary@example.org")
    form = client.get(url).get_data(as_text=True)
    assert re.search(rf'value="{habitat.id}"[^>]*checked|checked[^>]*value="{habitat.id}"', form)
    past = (council_today() - timedelta(days=1)).isoformat()
    page = client.submit(url, {"services": [habitat.id], "deadline": past})
    assert "The response deadline must be after today." in page.get_data(as_text=True)
    assert client.submit(url, {"deadline": "2099-01-01"}).status_code == 200  # no service
    assert client.submit(url, {"services": ["x"], "deadline": "soon"}).status_code == 200
    assert db.session.get(Recommendation, recommendation.id).deadline is None and not outbox()
    deadline = (council_today() + timedelta(days=30)).isoformat()
    response = client.submit(url, {"services": [habitat.id, health.id], "deadline": deadline})
    assert response.status_code == 302
    recommendation = db.session.get(Recommendation, recommendation.id)
    assert recommendation.deadline.isoformat() == deadline
    assert {m.recipient for m in outbox()} >= {"habitat@ville.example", "sante@ville.example"}
    again = client.get(url)  # a second transmission (double submit) is refused politely
    assert again.status_code == 302 and len(recommendation.services) == 2


def test_drafts_are_for_the_council_only(make_user, make_client):
    council, habitat, health, agent, nurse = setup_two_services(make_user)
    recommendation = adopted(council, title="Pas encore transmis")
    public, official = make_client(), make_client()
    official.login("agent@ville.example")
    assert public.get(f"/recommendations/{recommendation.id}").status_code == 404
    assert official.get(f"/recommendations/{recommendation.id}").status_code == 404
    assert "Pas encore transmis" not in public.get("/recommendations/").get_data(as_text=True)
    member = make_client()
    member.login("m0@example.org")
    assert "Pas encore transmis" in member.get("/recommendations/").get_data(as_text=True)
    assert member.get(f"/recommendations/{recommendation.id}").status_code == 200
    forged = f"/inbox/{recommendation.id}/services/{habitat.id}/respond"
    assert official.get(forged).status_code == 404  # not transmitted yet


def test_an_official_sees_and_answers_only_for_their_service(make_user, make_client):
    council, habitat, health, agent, nurse = setup_two_services(make_user)
    for_housing = transmit(council, adopted(council, title="Pour le logement"), [habitat])
    for_health = transmit(council, adopted(council, title="Pour la santé"), [health])
    client = make_client()
    client.login("agent@ville.example")
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Pour le logement" in inbox and "Pour la santé" not in inbox
    other = f"/inbox/{for_health.id}/services/{health.id}/respond"
    assert client.get(other).status_code == 403
    data = {"status": "accepted", "justification": ""}
    assert client.post(other, data=data).status_code in (400, 403)
    # Answering for one's own service on a recommendation that does not address it: 404.
    mismatched = f"/inbox/{for_health.id}/services/{habitat.id}/respond"
    assert client.get(mismatched).status_code == 404
    assert client.get(f"/inbox/{for_housing.id}/services/999999/respond").status_code == 404
    assert count(ResponseVersion) == 0


def _respond_url(recommendation, service):
    return f"/inbox/{recommendation.id}/services/{service.id}/respond"


def housing_official_at_the_form(make_user, make_client):
    """A recommendation sent to housing, and its official logged in: (recommendation,
    housing, client, respond url)."""
    council, habitat, _health, _agent, _nurse = setup_two_services(make_user)
    recommendation = transmit(council, adopted(council, title="Des logements"), [habitat])
    client = make_client()
    client.login("agent@ville.example")
    return recommendation, habitat, client, _respond_url(recommendation, habitat)


def test_responding_revising_and_following_up_in_the_browser(make_user, make_client):
    recommendation, habitat, client, url = housing_official_at_the_form(make_user, make_client)
    target = (council_today() + timedelta(days=90)).isoformat()
    bad = client.submit(url, {"status": "rejected", "justification": ""})
    assert "Explain why, unless the recommendation is accepted." in bad.get_data(as_text=True)
    bad = client.submit(url, {"status": "perhaps", "justification": "x"})
    assert "Choose an option from the list." in bad.get_data(as_text=True)
    assert count(ResponseVersion) == 0
    rows = {
        "commitments-0-text": "Publier les délais",
        "commitments-0-target_date": target,
        "commitments-1-text": "Une permanence le samedi",
        "commitments-1-target_date": target,
    }
    ok = client.submit(url, {"status": "partially_accepted", "justification": "Budget.", **rows})
    assert ok.status_code == 302
    assert client.submit(url, {"status": "partially_accepted", "justification": "Budget.", **rows})
    # The commitment, in the service's language, is isolated inside the reader's sentence.
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Follow-up on: <bdi>Publier les délais</bdi>" in inbox
    response = db.session.get(Recommendation, recommendation.id).response_of(habitat)
    first, second = response.live_commitments
    assert len(response.versions) == 1  # the same response twice: one version
    # A forged commitment id is refused with a message and changes nothing.
    forged = {"commitments-0-commitment_id": "999999", "commitments-0-text": "x",
              "commitments-0-target_date": target}  # fmt: skip
    page = client.submit(url, {"status": "accepted", "justification": "", **forged})
    assert "This commitment does not belong to this response." in page.get_data(as_text=True)
    revised = {
        "commitments-0-commitment_id": str(first.id),
        "commitments-0-text": "Publier les délais",
        "commitments-0-target_date": target,
        "commitments-1-commitment_id": str(second.id),
        "commitments-1-text": "",
        "commitments-1-target_date": "",
    }
    assert (
        client.submit(url, {"status": "accepted", "justification": "", **revised}).status_code
        == 302
    )
    page = client.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    assert "revised its response (version 2)" in page and "partially accepted" in page
    assert "Versions of the response of" in page and "Une permanence le samedi" in page
    follow = f"/inbox/commitments/{first.id}/follow-up"
    today = council_today().isoformat()
    bad = client.submit(follow, {"status": "in_progress", "on_date": today, "percent": "101"})
    assert "Enter a whole number from 0 to 100." in bad.get_data(as_text=True)
    bad = client.submit(follow, {"status": "abandoned", "on_date": today, "note": ""})
    assert "Give the reason why it is abandoned." in bad.get_data(as_text=True)
    bad = client.submit(follow, {"status": "done", "on_date": today, "percent": "abc"})
    assert "Enter a whole number from 0 to 100." in bad.get_data(as_text=True)
    # The language of the note: only a shipped one (no markup, no made-up or overlong code).
    for language in ("<b>fr</b>", "de", "f" * 300):
        bad = client.submit(follow, {"status": "done", "on_date": today, "language": language})
        assert bad.status_code == 200
        assert "Choose an option from the list." in bad.get_data(as_text=True)
    assert count(FollowUp) == 0
    done = {"status": "in_progress", "on_date": today, "percent": "60", "note": "8 sur 12"}
    assert client.submit(follow, done).status_code == 302
    page = client.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    assert "Follow-up by" in page and "60% done" in page and "8 sur 12" in page
    assert client.get(f"/inbox/commitments/{second.id}/follow-up").status_code == 403  # withdrawn
    nurse_client = make_client()
    nurse_client.login("nurse@ville.example")
    assert nurse_client.get(follow).status_code == 403
    assert nurse_client.get("/inbox/commitments/999999/follow-up").status_code == 404
    assert count(FollowUp) == 1


def test_the_confirmation_names_the_service_in_the_officials_language(make_user, make_client):
    council = a_council(make_user)
    habitat = services.create_service(
        "Direction de l'habitat", "habitat@ville.example", translations={"ar": "مديرية السكن"}
    )
    db.session.commit()
    an_official(make_user, habitat, "agent@ville.example", locale="ar")
    recommendation = transmit(council, adopted(council), [habitat])
    client = make_client()
    client.login("agent@ville.example")
    url = _respond_url(recommendation, habitat)
    client.submit(url, {"status": "accepted", "justification": ""})
    page = client.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    flash = re.search(r'<p class="flash flash--success"[^>]*>(.*?)</p>', page).group(1)
    assert "مديرية السكن" in flash and "Direction" not in flash


def test_the_council_comments_on_the_follow_up(make_user, make_client):
    council, habitat, health, agent, nurse = setup_two_services(make_user)
    recommendation = transmit(council, adopted(council), [habitat])
    member = make_client()
    member.login("m1@example.org")
    url = f"/comments/recommendation/{recommendation.id}"
    comment = {"body": "Où en est la permanence ?", "language": "fr", "as_service": "0"}
    response = member.submit(url, comment, form_page=f"/recommendations/{recommendation.id}")
    assert response.status_code == 302
    page = member.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    assert "Où en est la permanence\u202f?" in page  # French text: no break before the "?"
    assert any(m.recipient == "agent@ville.example" for m in outbox())  # its officials hear


def test_public_list_filters_and_pagination(make_user, client):
    council, habitat, health, agent, nurse = setup_two_services(make_user)
    late = transmit(council, adopted(council, title="En retard"), [health], days_ago=70)
    answered = transmit(council, adopted(council, title="Répondue"), [habitat])
    operations.respond_to_recommendation(
        answered, agent, service=habitat, status="rejected", justification="Non."
    )
    for number in range(21):
        transmit(council, adopted(council, title=f"Autre {number}"), [habitat])
    db.session.commit()
    overdue = client.get("/recommendations/?overdue=y").get_data(as_text=True)
    assert "1 recommendation found" in overdue and "En retard" in overdue
    rejected = client.get("/recommendations/?status=rejected").get_data(as_text=True)
    assert "Répondue" in rejected and "En retard" not in rejected
    by_service = client.get(f"/recommendations/?service={health.id}").get_data(as_text=True)
    assert "En retard" in by_service and "Répondue" not in by_service
    year = council_today().year
    assert "23 recommendations found" in client.get(f"/recommendations/?year={year}").get_data(
        as_text=True
    )
    first = client.get("/recommendations/").get_data(as_text=True)
    assert "23 recommendations found" in first and 'rel="next"' in first
    second = client.get("/recommendations/?page=2").get_data(as_text=True)
    assert second.count('class="card recommendation-card"') == 3
    forged = client.get("/recommendations/?service=abc&status=<b>&year=1800&page=-4")
    assert forged.status_code == 200 and "Choose an option from the list." in forged.get_data(
        as_text=True
    )
    assert late.id != answered.id


def test_timeline_reads_in_life_cycle_order(make_user, client):
    council, habitat, health, agent, nurse = setup_two_services(make_user)
    recommendation = transmit(council, adopted(council), [habitat, health], days_ago=61)
    operations.respond_to_recommendation(
        recommendation, agent, service=habitat, status="accepted", justification=""
    )
    db.session.commit()
    page = client.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    steps = ["Adopted by the council", "Transmitted to the services",
             "Deadline passed without a response from Santé publique", "responded"]  # fmt: skip
    positions = [page.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "overdue" in page and "answered late" in page


def test_dashboard_chart_and_table(make_user, client):
    council, habitat, health, agent, nurse = setup_two_services(make_user)
    late = transmit(council, adopted(council), [habitat, health], days_ago=70)
    operations.respond_to_recommendation(
        late,
        agent,
        service=habitat,
        status="partially_accepted",
        justification="Budget.",
        commitments=[{"text": "Faire", "target_date": council_today() + timedelta(days=9)}],
    )
    commitment = late.response_of(habitat).commitments[0]
    operations.post_follow_up(commitment, agent, status="done", note="", percent=100)
    db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and "style=" not in svg
    assert "Direction de l&#39;habitat: 1 received, 0 answered on time, 1 answered late" in svg
    assert "chart__bar--late" in svg and "chart__bar--overdue" in svg
    table = page[page.index("<table") :]
    assert "<caption>Responses per service</caption>" in table
    assert "1 of 1" in table  # commitments done
    rtl = client.get("/dashboard?lang=ar").get_data(as_text=True)
    # Mirrored x, and anchored at the start of right-to-left text: its right edge.
    assert 'direction="rtl" class="chart"' in rtl
    assert 'x="640" y="24" text-anchor="start" class="chart__label"' in rtl


def test_feed_and_open_data_have_no_personal_data(make_user, client):
    council, habitat, health, agent, nurse = setup_two_services(make_user)
    recommendation = transmit(council, adopted(council, title="Des <logements>"), [habitat])
    operations.respond_to_recommendation(
        recommendation, agent, service=habitat, status="accepted", justification=""
    )
    db.session.commit()
    feed = client.get("/feeds/recommendations.atom")
    assert feed.content_type.startswith("application/atom+xml")
    parsed = feedparser.parse(feed.data)
    assert not parsed.bozo and parsed.entries[0].title == "Des <logements>"
    assert parsed.entries[0].link.endswith(f"/recommendations/{recommendation.id}")
    data = client.get("/recommendations/export.json").get_data(as_text=True)
    record = json.loads(data)["recommendations"][0]
    assert record["services"][0]["response"]["status"] == "accepted"
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/recommendations/export.csv").get_data(as_text=True))
        )
    )
    assert rows[0]["standing"] == "on_time" and rows[0]["service"] == "Direction de l'habitat"
    for text in (data, feed.get_data(as_text=True), str(rows)):
        assert "ville.example" not in text and "example.org" not in text  # no emails
        assert "Agent Habitat" not in text  # officials appear as their service


def test_an_official_cannot_reach_the_transmission(make_user, make_client):
    council, habitat, health, agent, nurse = setup_two_services(make_user)
    recommendation = adopted(council)
    client = make_client()
    client.login("agent@ville.example")
    url = f"/recommendations/{recommendation.id}/transmit"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"services": [habitat.id]}).status_code in (400, 403)
    assert db.session.get(Recommendation, recommendation.id).deadline is None


def test_demo_has_an_answered_and_an_overdue_recommendation(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert runner.invoke(args=["demo-data"]).exit_code == 0  # idempotent
    recommendations = db.session.scalars(select(Recommendation)).all()
    assert len(recommendations) >= 6 and all(r.is_public for r in recommendations)
    answering = {response.service.name for r in recommendations for response in r.responses}
    assert len(answering) == 3  # every demo service has answered something
    answered = next(r for r in recommendations if r.title.startswith("Rendre visible"))
    response = answered.responses[0]
    assert response.current.status.value == "partially_accepted"
    assert len(response.live_commitments) == 2
    assert all(c.follow_ups for c in response.live_commitments)
    [overdue] = [r for r in recommendations if not r.responses]
    page = client.get("/recommendations/?overdue=y").get_data(as_text=True)
    assert overdue.title in page.replace("&#39;", "'")
    reminded = runner.invoke(args=["recommendations", "remind"])
    assert reminded.exit_code == 0 and "2 reminders queued" in reminded.output
    assert "0 reminders queued" in runner.invoke(args=["recommendations", "remind"]).output


def test_the_official_says_which_language_the_response_is_written_in(make_user, make_client):
    recommendation, habitat, client, url = housing_official_at_the_form(make_user, make_client)
    # The page's language is offered first: an official reading in Arabic likely writes in it.
    form = client.get(f"{url}?lang=ar").get_data(as_text=True)
    assert re.search(r'<option[^>]*selected[^>]*value="ar"|<option value="ar" selected', form)
    refused = client.submit(url, {"status": "accepted", "justification": "", "language": "de"})
    assert refused.status_code == 200 and count(ResponseVersion) == 0
    with force_locale("ar"):  # the page's language, remembered from ?lang=ar
        assert gettext("Choose an option from the list.") in refused.get_data(as_text=True)
    arabic = "نقبل التوصية ونبدأ العمل."
    client.submit(url, {"status": "partially_accepted", "justification": arabic, "language": "ar"})
    version = db.session.get(Recommendation, recommendation.id).response_of(habitat).current
    assert version.language == "ar"
    page = client.get(f"/recommendations/{recommendation.id}?lang=fr").get_data(as_text=True)
    assert re.search(r'lang="ar" dir="rtl"[^>]*>\s*<p>' + arabic, page)
