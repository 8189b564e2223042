"""Pages that show personal data are never stored by a browser or a proxy (issue 11, point 9).
Every route answered to a logged-in person is checked in tests/test_route_policy.py."""

from council.roles import Role
from tests.api_helpers import bearer, service_with_token


def no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_public_pages_may_be_cached_until_someone_logs_in(client, make_user):
    assert not no_store(client.get("/proposals/"))
    assert not no_store(client.get("/static/css/council.css"))
    make_user(Role.MEMBER, email="amina@example.org")
    client.login("amina@example.org")
    for url in ("/proposals/", "/", "/account", "/notifications/"):
        assert no_store(client.get(url)), url
    assert not no_store(client.get("/static/css/council.css"))  # the same for everyone
    assert no_store(client.submit("/logout", {}))
    assert not no_store(client.get("/proposals/"))


def test_secret_link_pages_and_token_answers_are_not_stored(client):
    assert no_store(client.get("/invitations/accept/some-token"))
    assert no_store(client.get("/password/reset/some-token"))
    _service, _token, value = service_with_token("Habitat")
    assert no_store(client.get("/api/v1/me", headers=bearer(value)))
    assert not no_store(client.get("/api/v1/proposals"))
