"""Public proposals through the API: drafts stay private, filters are checked."""

import pytest

from council.roles import Role
from tests.proposal_factories import a_draft, a_submitted, a_theme
from tests.test_api import error_of


@pytest.fixture
def proposals(app, make_user):
    author = make_user(Role.MEMBER, name="Amina B.", email="amina@example.org")
    cosigners = [make_user(Role.MEMBER) for _ in range(5)]
    theme = a_theme("Santé", en="Health")
    draft = a_draft(author, title="Brouillon secret")
    public = a_submitted(author, cosigners, title="Des cours de français", theme=theme)
    return draft, public


def test_only_public_proposals_are_listed_and_shown(client, proposals):
    draft, public = proposals
    body = client.get("/api/v1/proposals?lang=en").get_json()
    assert [p["id"] for p in body["data"]] == [public.id]
    shown = body["data"][0]
    assert shown["title"] == "Des cours de français" and shown["state"] == "submitted"
    assert shown["theme"]["name"] == "Health" and shown["author"] == "Amina B."
    assert "amina@example.org" not in client.get("/api/v1/proposals").get_data(as_text=True)
    assert client.get(f"/api/v1/proposals/{public.id}").get_json()["id"] == public.id
    hidden = client.get(f"/api/v1/proposals/{draft.id}")
    assert error_of(hidden, 404)["code"] == "not_found"
    assert "Brouillon" not in hidden.get_data(as_text=True)


def test_filters_and_search(client, proposals):
    _draft, public = proposals
    assert client.get("/api/v1/proposals?state=submitted").get_json()["meta"]["total"] == 1
    assert client.get("/api/v1/proposals?state=adopted").get_json()["data"] == []
    assert client.get(f"/api/v1/proposals?theme_id={public.theme_id}").get_json()["data"]
    assert client.get("/api/v1/proposals?q=cours").get_json()["meta"]["total"] == 1
    assert client.get("/api/v1/proposals?q=secret").get_json()["meta"]["total"] == 0


@pytest.mark.parametrize(
    "query", ["state=draft", "theme_id=abc", "language=xx", "q=" + "x" * 201, "service_id=0"]
)
def test_bad_filters_are_a_400(client, proposals, query):
    error = error_of(client.get(f"/api/v1/proposals?{query}"), 400)
    assert error["code"] == "invalid_parameter"
