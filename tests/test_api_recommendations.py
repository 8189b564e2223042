"""Recommendations through the API: public reads, a service's response and follow-ups with
its token, the bad input they refuse, and the webhooks they trigger."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from council.api.models import ApiToken
from council.api.operations import issue_api_token, revoke_api_token
from council.dates import council_today
from council.extensions import db
from council.recommendations import operations
from council.recommendations.models import FollowUp, ResponseVersion
from council.recommendations.reminders import send_reminders
from council.webhooks import operations as webhooks
from council.webhooks.delivery import deliver_pending
from tests.api_helpers import bearer
from tests.recommendation_helpers import a_council, a_service, adopted, transmit
from tests.test_api import error_of
from tests.test_webhooks import expected_signature
from tests.webhook_receiver import receiver


def token_for(service) -> str:
    _token, value = issue_api_token(service, "System", by=None)
    db.session.commit()
    return value


@pytest.fixture
def setup(app, make_user):
    """A recommendation transmitted to housing and health (not to education)."""
    council = a_council(make_user)
    housing = a_service()
    health = a_service("Santé publique", "sante@ville.example")
    education = a_service("Éducation", "education@ville.example")
    recommendation = transmit(council, adopted(council), [housing, health])
    tokens = {s.name: token_for(s) for s in (housing, health, education)}
    return council, recommendation, (housing, health, education), tokens


def versions() -> int:
    return db.session.scalar(select(func.count()).select_from(ResponseVersion))


def follow_ups() -> int:
    return db.session.scalar(select(func.count()).select_from(FollowUp))


def respond(client, recommendation, service, token, **body):
    payload = {"service_id": service.id, "status": "accepted", **body}
    url = f"/api/v1/recommendations/{recommendation.id}/responses"
    return client.post(url, json=payload, headers=bearer(token))


def in_days(days: int) -> str:
    return (council_today() + timedelta(days=days)).isoformat()


def test_only_transmitted_recommendations_are_public(client, make_user, setup):
    council, recommendation, (housing, _health, _edu), _tokens = setup
    draft = adopted(council, title="Pas encore transmise")
    listed = client.get("/api/v1/recommendations").get_json()
    assert [r["id"] for r in listed["data"]] == [recommendation.id]
    assert error_of(client.get(f"/api/v1/recommendations/{draft.id}"), 404)["code"] == "not_found"
    shown = client.get(f"/api/v1/recommendations/{recommendation.id}").get_json()
    assert shown["state"] == "transmitted" and shown["overdue"] is False
    assert shown["deadline"] == recommendation.deadline.isoformat()
    assert {s["standing"] for s in shown["services"]} == {"awaiting"}
    by_service = client.get(f"/api/v1/recommendations?service_id={housing.id}").get_json()
    assert by_service["meta"]["total"] == 1


def test_overdue_is_derived_from_the_deadline(client, make_user):
    council = a_council(make_user)
    service = a_service()
    late = transmit(council, adopted(council), [service], days_ago=70)
    body = client.get("/api/v1/recommendations?overdue=true").get_json()
    assert [r["id"] for r in body["data"]] == [late.id] and body["data"][0]["overdue"] is True
    assert body["data"][0]["services"][0]["standing"] == "overdue"


def test_a_service_answers_revises_and_a_double_submit_changes_nothing(client, setup):
    _council, recommendation, (housing, _health, _edu), tokens = setup
    first = respond(
        client, recommendation, housing, tokens[housing.name],
        status="partially_accepted", justification="Budget limité.",
        commitments=[{"text": "Ouvrir 50 places", "target_date": in_days(90)}],
    )  # fmt: skip
    assert first.status_code == 201
    answer = first.get_json()["response"]
    assert answer["status"] == "partially_accepted" and answer["version"] == 1
    [commitment] = answer["commitments"]
    again = respond(
        client, recommendation, housing, tokens[housing.name],
        status="partially_accepted", justification="Budget limité.",
        commitments=[{"id": commitment["id"], "text": "Ouvrir 50 places",
                      "target_date": in_days(90)}],
    )  # fmt: skip
    assert again.status_code == 200 and versions() == 1
    revised = respond(client, recommendation, housing, tokens[housing.name], status="accepted")
    assert revised.status_code == 201
    body = revised.get_json()["response"]
    assert [v["status"] for v in body["versions"]] == ["partially_accepted", "accepted"]
    assert body["commitments"] == []  # dropped in version 2, still in version 1's snapshot
    assert body["versions"][0]["commitments"][0]["text"] == "Ouvrir 50 places"
    listed = client.get(f"/api/v1/recommendations/{recommendation.id}/responses").get_json()
    assert [r["service"]["id"] for r in listed["data"]] == [housing.id]
    page = client.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    assert "accepted" in page


def test_a_token_of_service_a_cannot_answer_for_service_b(client, setup):
    _council, recommendation, (housing, health, education), tokens = setup
    response = respond(client, recommendation, health, tokens[housing.name])
    assert error_of(response, 403)["code"] == "wrong_service"
    not_addressed = respond(client, recommendation, education, tokens[education.name])
    assert error_of(not_addressed, 403)["code"] == "not_addressed"
    assert versions() == 0


def test_a_revoked_token_cannot_answer(client, setup):
    _council, recommendation, (housing, _health, _edu), tokens = setup
    revoke_api_token(
        db.session.scalar(select(ApiToken).where(ApiToken.service_id == housing.id)), by=None
    )
    db.session.commit()
    response = respond(client, recommendation, housing, tokens[housing.name])
    assert error_of(response, 401)["code"] == "unauthorized"
    assert versions() == 0


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"status": "maybe"}, 422, "status"),
        ({"status": ["accepted"]}, 422, "status"),
        ({"status": None}, 422, "status"),
        ({"status": "rejected", "justification": ""}, 422, "justification"),
        ({"status": "rejected", "justification": 12}, 422, "justification"),
        ({"status": "accepted", "commitments": "do it"}, 422, "commitments"),
        ({"status": "accepted", "commitments": [{"text": "X", "target_date": "2001-01-01"}]},
         422, "commitments"),
        ({"status": "accepted", "commitments": [{"text": "X", "target_date": "soon"}]},
         422, "commitments"),
        ({"status": "accepted", "commitments": [{"text": "X"}]}, 422, "commitments"),
        ({"status": "accepted", "commitments": [{"id": 999999, "text": "X",
                                                  "target_date": "2999-01-01"}]},
         422, "commitments"),
        ({"status": "accepted", "service_id": "1"}, 422, "service_id"),
    ],
)  # fmt: skip
def test_bad_responses_are_refused_and_change_nothing(client, setup, body, status, field):
    _council, recommendation, (housing, _health, _edu), tokens = setup
    response = respond(client, recommendation, housing, tokens[housing.name], **body)
    assert field in error_of(response, status)["fields"]
    assert versions() == 0


def test_malformed_json_is_a_400(client, setup):
    _council, recommendation, (housing, _health, _edu), tokens = setup
    response = client.post(
        f"/api/v1/recommendations/{recommendation.id}/responses",
        data=b'{"service_id": 1, "status": "accepted"',
        headers={**bearer(tokens[housing.name]), "Content-Type": "application/json"},
    )
    assert error_of(response, 400)["code"] == "malformed_json"
    assert versions() == 0


@pytest.fixture
def commitment(setup):
    _council, recommendation, (housing, _health, _edu), _tokens = setup
    operations.respond_to_recommendation(
        recommendation,
        None,
        service=housing,
        status="accepted",
        justification="",
        commitments=[{"text": "Ouvrir 50 places", "target_date": in_days(90)}],
    )
    db.session.commit()
    return recommendation.response_of(housing).live_commitments[0]


def test_follow_ups_on_own_commitments(client, setup, commitment):
    _council, _recommendation, (housing, _health, _edu), tokens = setup
    url = f"/api/v1/commitments/{commitment.id}/follow-ups"
    report = {"status": "in_progress", "note": "Travaux lancés", "percent": 40}
    first = client.post(url, json=report, headers=bearer(tokens[housing.name]))
    assert first.status_code == 201
    body = first.get_json()["follow_up"]
    assert body["percent"] == 40 and body["on_date"] == council_today().isoformat()
    twice = client.post(url, json=report, headers=bearer(tokens[housing.name]))
    assert twice.status_code == 200 and follow_ups() == 1
    shown = client.get(f"/api/v1/recommendations/{commitment.response.recommendation_id}")
    [answer] = shown.get_json()["responses"]
    assert answer["commitments"][0]["follow_ups"][0]["status"] == "in_progress"


@pytest.mark.parametrize(
    ("report", "field"),
    [
        ({"status": "finished"}, "status"),
        ({"status": "abandoned"}, "note"),
        ({"status": "in_progress", "percent": 101}, "percent"),
        ({"status": "in_progress", "percent": "50"}, "percent"),
        ({"status": "in_progress", "percent": True}, "percent"),
        ({"status": "done", "on_date": "2999-01-01"}, "on_date"),
        ({"status": "done", "on_date": "2001-01-01"}, "on_date"),
        ({"status": "done", "on_date": "yesterday"}, "on_date"),
        ({"status": "done", "note": ["x"]}, "note"),
    ],
)
def test_bad_follow_ups_are_refused(client, setup, commitment, report, field):
    _council, _recommendation, (housing, _health, _edu), tokens = setup
    url = f"/api/v1/commitments/{commitment.id}/follow-ups"
    response = client.post(url, json=report, headers=bearer(tokens[housing.name]))
    assert field in error_of(response, 422)["fields"]
    assert follow_ups() == 0


def test_a_follow_up_on_someone_elses_commitment_is_refused(client, setup, commitment):
    _council, _recommendation, (_housing, health, _edu), tokens = setup
    url = f"/api/v1/commitments/{commitment.id}/follow-ups"
    response = client.post(url, json={"status": "done"}, headers=bearer(tokens[health.name]))
    assert error_of(response, 403)["code"] == "wrong_service"
    missing = client.post(
        "/api/v1/commitments/999999/follow-ups",
        json={"status": "done"},
        headers=bearer(tokens[health.name]),
    )
    assert error_of(missing, 404)["code"] == "not_found"
    assert follow_ups() == 0


def test_transmission_and_near_deadline_reach_the_services_webhook(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOWED_HOSTS", ["127.0.0.1"])
    council = a_council(make_user)
    housing = a_service()
    with receiver() as live:
        _endpoint, secret = webhooks.register_webhook(housing, live.url, by=None)
        db.session.commit()
        recommendation = transmit(council, adopted(council), [housing])
        assert deliver_pending() == (1, 0)
        send_reminders(today=recommendation.deadline - timedelta(days=7))
        db.session.commit()
        assert deliver_pending() == (1, 0)
    events = []
    for _path, headers, body in live.requests:
        assert headers["X-Council-Signature"] == expected_signature(secret, headers, body)
        payload = json.loads(body)
        assert payload["data"]["recommendation_id"] == recommendation.id
        assert payload["data"]["deadline"] == recommendation.deadline.isoformat()
        events.append(payload["event"])
    assert events == ["recommendation.transmitted", "recommendation.deadline_near"]


def test_a_response_and_a_follow_up_record_the_language_they_are_written_in(client, setup):
    _council, recommendation, (housing, _health, _edu), tokens = setup
    token = tokens[housing.name]
    refused = respond(client, recommendation, housing, token, language="de")
    assert "language" in error_of(refused, 422)["fields"] and versions() == 0
    answer = respond(client, recommendation, housing, token, status="rejected",
                     justification="Bütçe yok.", language="tr",
                     commitments=[{"text": "Bir çalışma", "target_date": in_days(30)}])  # fmt: skip
    assert answer.status_code == 201
    assert answer.get_json()["response"]["language"] == "tr"
    commitment_id = answer.get_json()["response"]["commitments"][0]["id"]
    url = f"/api/v1/commitments/{commitment_id}/follow-ups"
    bad = client.post(url, json={"status": "in_progress", "language": 3}, headers=bearer(token))
    assert "language" in error_of(bad, 422)["fields"] and follow_ups() == 0
    posted = client.post(url, json={"status": "in_progress", "note": "Başladı.", "language": "tr"},
                         headers=bearer(token))  # fmt: skip
    assert posted.status_code == 201 and posted.get_json()["follow_up"]["language"] == "tr"
    # Without a language, the API writes in the council's working language.
    plain = client.post(url, json={"status": "done"}, headers=bearer(token))
    assert plain.get_json()["follow_up"]["language"] == "fr"
