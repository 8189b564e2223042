"""Admin pages: API tokens (shown once, listed with last use, revoked) and webhooks."""

import pytest
from sqlalchemy import select

from council.api.models import ApiToken
from council.extensions import db
from council.roles import Role
from council.services import operations as services
from council.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.api_helpers import bearer


@pytest.fixture
def admin(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    return client


@pytest.fixture
def service(app):
    row = services.create_service("Habitat", "h@ville.example", "", {"en": "Housing"})
    db.session.commit()
    return row


def create_token(admin, service, label="Case system"):
    url = f"/admin/services/{service.id}/tokens"
    return admin.submit(url, {"label": label})


def token_on(page: str) -> str:
    marker = 'id="new-token" class="secret" type="text" readonly value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


def test_the_integrations_page_lists_services(admin, service):
    page = admin.get("/admin/integrations").get_data(as_text=True)
    assert "Manage the tokens of <bdi>Housing</bdi>" in page
    assert f"/admin/services/{service.id}/webhooks" in page


def test_a_token_is_shown_once_then_works_and_is_listed(admin, make_client, service):
    response = create_token(admin, service)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    value = token_on(page)
    assert "It will not be shown again." in page
    listing = admin.get(f"/admin/services/{service.id}/tokens").get_data(as_text=True)
    assert value not in listing and value[:6] in listing and "Case system" in listing
    assert "never" in listing
    api = make_client()
    assert api.get("/api/v1/me", headers=bearer(value)).get_json()["service"]["id"] == service.id
    listing = admin.get(f"/admin/services/{service.id}/tokens").get_data(as_text=True)
    assert "never" not in listing  # last use recorded


def test_revoking_a_token_stops_it(admin, make_client, service):
    value = token_on(create_token(admin, service).get_data(as_text=True))
    token = db.session.scalar(select(ApiToken))
    response = admin.submit(
        f"/admin/services/{service.id}/tokens/{token.id}/revoke",
        {},
        form_page=f"/admin/services/{service.id}/tokens",
    )
    assert response.status_code == 303
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Token revoked" in page and "Revoked" in page
    assert make_client().get("/api/v1/me", headers=bearer(value)).status_code == 401
    again = admin.submit(
        f"/admin/services/{service.id}/tokens/{token.id}/revoke",
        {},
        form_page=f"/admin/services/{service.id}/tokens",
    )
    assert "This token was already revoked." in admin.get(again.headers["Location"]).get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "This field is required."),
        ("x" * 81, "Use at most 80 characters."),
        ("<b>system</b>", "Names cannot contain"),
    ],
)
def test_bad_token_labels_are_refused(admin, service, label, message):
    page = create_token(admin, service, label).get_data(as_text=True)
    assert message in page and 'id="new-token"' not in page
    assert db.session.scalars(select(ApiToken)).all() == []


def test_a_token_of_another_service_cannot_be_revoked_through_this_one(admin, service):
    other = services.create_service("Santé", "s@ville.example")
    db.session.commit()
    create_token(admin, other)
    token = db.session.scalar(select(ApiToken))
    response = admin.submit(
        f"/admin/services/{service.id}/tokens/{token.id}/revoke",
        {},
        form_page=f"/admin/services/{service.id}/tokens",
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is None


@pytest.mark.parametrize(
    "url",
    ["https://127.0.0.1/h", "https://10.0.0.1/h", "https://169.254.169.254/", "https://[::1]/h"],
)
def test_webhook_addresses_inside_are_refused_on_the_page(admin, service, url):
    page = admin.submit(f"/admin/services/{service.id}/webhooks", {"url": url})
    text = page.get_data(as_text=True)
    assert "webhooks can only go to public addresses" in text
    assert 'id="new-secret"' not in text
    assert db.session.scalars(select(WebhookEndpoint)).all() == []


def test_a_webhook_is_registered_pinged_logged_and_disabled(admin, service):
    base = f"/admin/services/{service.id}/webhooks"
    created = admin.submit(base, {"url": "https://93.184.215.14/hook"})
    page = created.get_data(as_text=True)
    assert created.headers["Cache-Control"] == "no-store"
    assert "Copy this signing secret now" in page and "X-Council-Signature" in page
    endpoint = db.session.scalar(select(WebhookEndpoint))
    assert endpoint.secret in page
    assert endpoint.secret not in admin.get(base).get_data(as_text=True)
    ping = admin.submit(f"{base}/{endpoint.id}/ping", {}, form_page=base)
    log = admin.get(ping.headers["Location"]).get_data(as_text=True)
    assert "Test event queued" in log and "waiting to be sent" in log
    delivery = db.session.scalar(select(WebhookDelivery))
    delivery.attempts, delivery.last_status_code, delivery.last_error = 1, 500, "HTTP 500"
    delivery.last_duration_ms = 42
    db.session.commit()
    log = admin.get(base).get_data(as_text=True)
    assert "HTTP 500" in log and "42 ms" in log
    disabled = admin.submit(f"{base}/{endpoint.id}/disable", {}, form_page=base)
    assert "Webhook address disabled" in admin.get(disabled.headers["Location"]).get_data(
        as_text=True
    )
    db.session.expire_all()
    assert not db.session.get(WebhookEndpoint, endpoint.id).is_active
