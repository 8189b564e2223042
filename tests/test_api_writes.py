"""Writes through the API with a service's token, and the bad input they refuse."""

import pytest
from sqlalchemy import func, select

from council.api.operations import revoke_api_token
from council.extensions import db
from council.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.api_helpers import bearer, service_with_token
from tests.test_api import error_of

PUBLIC = "https://93.184.215.14/hook"


@pytest.fixture
def two_services(app):
    return service_with_token("Habitat"), service_with_token("Santé", "s@ville.example")


def endpoint_count() -> int:
    return db.session.scalar(select(func.count()).select_from(WebhookEndpoint))


def test_a_service_registers_lists_pings_and_disables_its_webhook(client, two_services):
    (service, _token, value), _other = two_services
    url = f"/api/v1/services/{service.id}/webhooks"
    created = client.post(url, json={"url": PUBLIC}, headers=bearer(value))
    assert created.status_code == 201
    body = created.get_json()
    assert body["webhook"]["url"] == PUBLIC and len(body["secret"]) >= 43
    assert created.headers["Location"] == body["webhook"]["links"]["self"]
    hook_id = body["webhook"]["id"]
    listed = client.get(url, headers=bearer(value)).get_json()["data"]
    assert [w["id"] for w in listed] == [hook_id] and "secret" not in listed[0]
    ping = client.post(f"{url}/{hook_id}/ping", headers=bearer(value))
    assert ping.status_code == 202 and ping.get_json()["event"] == "ping"
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1
    assert client.delete(f"{url}/{hook_id}", headers=bearer(value)).status_code == 204
    again = client.delete(f"{url}/{hook_id}", headers=bearer(value))
    assert error_of(again, 409)["code"] == "conflict"
    assert client.get(url, headers=bearer(value)).get_json()["data"] == []


def test_a_token_of_service_a_cannot_act_for_service_b(client, two_services):
    (service_a, _ta, value_a), (service_b, _tb, value_b) = two_services
    theirs = client.post(
        f"/api/v1/services/{service_b.id}/webhooks", json={"url": PUBLIC}, headers=bearer(value_b)
    ).get_json()["webhook"]["id"]
    base = f"/api/v1/services/{service_b.id}/webhooks"
    for method, url, kwargs in [
        ("POST", base, {"json": {"url": "https://93.184.215.15/a"}}),
        ("GET", base, {}),
        ("GET", f"{base}/{theirs}", {}),
        ("DELETE", f"{base}/{theirs}", {}),
        ("POST", f"{base}/{theirs}/ping", {}),
    ]:
        response = client.open(url, method=method, headers=bearer(value_a), **kwargs)
        assert error_of(response, 403)["code"] == "wrong_service", (method, url)
    # Nor through its own service's URL with the other's webhook id.
    own = f"/api/v1/services/{service_a.id}/webhooks/{theirs}"
    assert error_of(client.delete(own, headers=bearer(value_a)), 404)["code"] == "not_found"
    assert endpoint_count() == 1
    assert db.session.get(WebhookEndpoint, theirs).is_active
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


def test_a_revoked_token_changes_nothing(client, two_services):
    (service, token, value), _other = two_services
    revoke_api_token(token, by=None)
    db.session.commit()
    response = client.post(
        f"/api/v1/services/{service.id}/webhooks", json={"url": PUBLIC}, headers=bearer(value)
    )
    assert error_of(response, 401)["message"] == "This API token has been revoked."
    assert endpoint_count() == 0


def test_no_token_changes_nothing(client, two_services):
    (service, _token, _value), _other = two_services
    response = client.post(f"/api/v1/services/{service.id}/webhooks", json={"url": PUBLIC})
    assert error_of(response, 401)["code"] == "unauthorized"
    assert endpoint_count() == 0


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        (b'{"url": ', "application/json", 400, "malformed_json"),
        (b"\xff\xfe", "application/json", 400, "malformed_json"),
        (b"", "application/json", 400, "malformed_json"),
        (b'{"url": "https://93.184.215.14/x"}', "text/plain", 415, "unsupported_media_type"),
        (b'["https://93.184.215.14/x"]', "application/json", 422, "validation_failed"),
        (b'{"url": 42}', "application/json", 422, "validation_failed"),
        (b'{"url": "   "}', "application/json", 422, "validation_failed"),
        (b"{}", "application/json", 422, "validation_failed"),
        (b'{"url": "<script>"}', "application/json", 422, "validation_failed"),
    ],
)
def test_bad_bodies_are_refused_with_json_errors(
    client, two_services, data, content_type, status, code
):
    (service, _token, value), _other = two_services
    response = client.post(
        f"/api/v1/services/{service.id}/webhooks",
        data=data,
        headers={**bearer(value), "Content-Type": content_type},
    )
    assert error_of(response, status)["code"] == code
    assert endpoint_count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://localhost/hook",
        "http://93.184.215.14/hook",
    ],
)
def test_addresses_inside_are_refused_through_the_api(client, two_services, url):
    (service, _token, value), _other = two_services
    response = client.post(
        f"/api/v1/services/{service.id}/webhooks", json={"url": url}, headers=bearer(value)
    )
    error = error_of(response, 422)
    assert error["code"] == "validation_failed" and error["fields"]["url"]
    assert error["message"] == error["fields"]["url"][0]
    assert endpoint_count() == 0


def test_a_missing_service_is_a_404_before_the_token_check(client, two_services):
    (_service, _token, value), _other = two_services
    response = client.get("/api/v1/services/999999/webhooks", headers=bearer(value))
    assert error_of(response, 404)["code"] == "not_found"
