"""The JSON API's public reads, its JSON errors and its bearer tokens."""

import pytest

from council.api.models import ApiToken
from council.extensions import db
from council.roles import Role
from tests.api_helpers import bearer, meeting_with_result, service_with_token


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] and body["error"]["message"]
    return body["error"]


def test_index_links_to_every_collection(client):
    body = client.get("/api/v1/").get_json()
    assert body["version"] == "v1"
    assert body["links"]["openapi"].endswith("/api/v1/openapi.json")
    assert client.get(body["links"]["services"]).status_code == 200


def test_services_in_the_readers_language_without_emails(client):
    service, _token, _value = service_with_token(translations={"en": "Housing", "ar": "السكن"})
    response = client.get("/api/v1/services?lang=ar")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "ar"
    assert "lang" not in response.headers.get("Set-Cookie", "")  # stateless
    item = response.get_json()["data"][0]
    assert item["name"] == "السكن" and item["name_fr"] == "Habitat"
    assert item["names"] == {"fr": "Habitat", "en": "Housing", "ar": "السكن"}
    assert "h@ville.example" not in response.get_data(as_text=True)
    one = client.get(f"/api/v1/services/{service.id}", headers={"Accept-Language": "en"})
    assert one.get_json()["name"] == "Housing"


def test_pagination_follows_next_links_to_the_end(client):
    from council.services import operations as services

    for number in range(5):
        services.create_service(f"Service {number}", f"s{number}@ville.example")
    db.session.commit()
    names, url = [], "/api/v1/services?limit=2"
    while url:
        body = client.get(url).get_json()
        assert body["meta"]["total"] == 5 and body["meta"]["limit"] == 2
        names += [item["name"] for item in body["data"]]
        url = body["links"]["next"]
    assert names == [f"Service {n}" for n in range(5)]


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "limit=abc", "offset=-1", "limit=١", "lang=xx", "state=open"]
)
def test_invalid_query_parameters_are_a_400_naming_them(client, query):
    response = client.get(f"/api/v1/meetings?{query}")
    error = error_of(response, 400)
    assert error["code"] == "invalid_parameter"
    assert query.split("=")[0] in error["fields"]


def test_meeting_shows_agenda_and_totals_but_not_who_voted(client, make_user):
    meeting, poll = meeting_with_result(make_user)
    response = client.get(f"/api/v1/meetings/{meeting.id}")
    body = response.get_json()
    assert body["title"] == "Plenary" and body["state"] == "in_session"
    assert body["state_label"] == "in session"
    [item] = body["agenda"]
    [shown] = item["polls"]
    assert shown["id"] == poll.id and shown["state"] == "closed"
    result = shown["result"]
    assert (result["votes_for"], result["votes_against"], result["votes_abstain"]) == (3, 1, 1)
    assert result["outcome"] == "adopted" and result["quorum_reached"] is True
    text = response.get_data(as_text=True)
    assert "@example.org" not in text and "Member 1" not in text and "entitled" not in text
    listed = client.get("/api/v1/meetings?state=in_session").get_json()
    assert [m["id"] for m in listed["data"]] == [meeting.id]
    assert client.get("/api/v1/meetings?state=closed").get_json()["data"] == []


@pytest.mark.parametrize("lang", ["fr", "ar", "fa_AF"])
def test_labels_follow_lang(app, client, make_user, lang):
    from flask_babel import force_locale

    from council.meetings import labels

    meeting, _poll = meeting_with_result(make_user)
    response = client.get(f"/api/v1/meetings/{meeting.id}?lang={lang}")
    assert response.headers["Content-Language"] == lang.replace("_", "-")
    body = response.get_json()
    with app.test_request_context(), force_locale(lang):
        assert body["kind_label"] == str(labels.MEETING_KINDS["plenary"])
        assert body["agenda"][0]["polls"][0]["result"]["outcome_label"] == str(
            labels.OUTCOMES["adopted"]
        )


def test_etag_answers_not_modified(client):
    service_with_token()
    first = client.get("/api/v1/services")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/services", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""


def test_unknown_paths_and_methods_answer_json(client):
    assert error_of(client.get("/api/v1/nothing-here"), 404)["code"] == "not_found"
    assert error_of(client.get("/api/v1/services/999999"), 404)["code"] == "not_found"
    response = client.delete("/api/v1/services")
    assert error_of(response, 405)["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_error_messages_are_translated(client):
    response = client.get("/api/v1/nothing-here", headers={"Accept-Language": "fr"})
    message = error_of(response, 404)["message"]
    english = error_of(client.get("/api/v1/nothing-here"), 404)["message"]
    assert english == "Nothing exists at this address."
    assert message  # the French catalogue fills it at merge; it is never empty


def test_html_pages_keep_their_html_errors(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_me_needs_a_token(client):
    response = client.get("/api/v1/me")
    assert error_of(response, 401)["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_session_cookie_is_not_a_token(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    assert error_of(client.get("/api/v1/me"), 401)["code"] == "unauthorized"


def test_a_token_identifies_its_service_and_records_its_use(client):
    service, token, value = service_with_token()
    response = client.get("/api/v1/me", headers=bearer(value))
    assert response.status_code == 200
    body = response.get_json()
    assert body["service"]["id"] == service.id
    assert body["token"]["hint"] == value[:6] and "token_hash" not in body["token"]
    assert response.headers["Cache-Control"] == "private, no-store"
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "Bearer a b"],
)
def test_unknown_or_malformed_tokens_are_a_401_even_on_public_reads(client, header):
    service_with_token()
    response = client.get("/api/v1/services", headers={"Authorization": header})
    assert error_of(response, 401)["code"] == "unauthorized"


def test_a_revoked_token_is_a_401(client):
    from council.api.operations import revoke_api_token

    _service, token, value = service_with_token()
    revoke_api_token(token, by=None)
    db.session.commit()
    error = error_of(client.get("/api/v1/me", headers=bearer(value)), 401)
    assert error["message"] == "This API token has been revoked."


def test_only_the_hash_of_a_token_is_stored(client):
    import hashlib

    _service, token, value = service_with_token()
    stored = db.session.get(ApiToken, token.id)
    assert stored.token_hash == hashlib.sha256(value.encode()).hexdigest()
    assert value not in {stored.token_hash, stored.hint, stored.label}
    assert len(value) >= 43  # 32 random bytes, URL-safe base64
