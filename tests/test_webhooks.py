"""Signed webhook deliveries to a real receiver on loopback, retries, and SSRF refusals."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.services import operations as services
from council.webhooks import addresses
from council.webhooks import operations as webhooks
from council.webhooks.delivery import deliver_pending
from council.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from tests.webhook_receiver import receiver

PUBLIC_IP = "93.184.215.14"


@pytest.fixture
def service(app):
    row = services.create_service("Habitat", "h@ville.example")
    db.session.commit()
    return row


@pytest.fixture
def loopback_allowed(app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOWED_HOSTS", ["127.0.0.1"])


@pytest.fixture
def hook(service, loopback_allowed):
    """A registered endpoint on a live loopback receiver: (receiver, endpoint, secret)."""
    with receiver() as live:
        endpoint, secret = webhooks.register_webhook(service, live.url, by=None)
        db.session.commit()
        yield live, endpoint, secret


def deliveries():
    db.session.expire_all()
    return db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


def expected_signature(secret: str, headers: dict, body: bytes) -> str:
    signed = headers["X-Council-Timestamp"].encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def test_a_ping_reaches_the_receiver_signed(hook):
    live, endpoint, secret = hook
    webhooks.send_ping(endpoint, by=None)
    db.session.commit()
    assert deliver_pending() == (1, 0)
    [(path, headers, body)] = live.requests
    assert path == "/hook"
    assert headers["X-Council-Signature"] == expected_signature(secret, headers, body)
    assert headers["X-Council-Event"] == "ping"
    assert abs(int(headers["X-Council-Timestamp"]) - utcnow().timestamp()) < 60
    payload = json.loads(body)
    assert payload["event"] == "ping" and payload["service_id"] == endpoint.service_id
    # A forged body or another secret does not match the signature.
    assert expected_signature("other", headers, body) != headers["X-Council-Signature"]
    assert expected_signature(secret, headers, body + b" ") != headers["X-Council-Signature"]
    [delivery] = deliveries()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert delivery.last_status_code == 200 and delivery.last_duration_ms is not None
    assert deliver_pending() == (0, 0)  # delivered once, not again


def test_events_are_queued_for_every_active_endpoint_in_the_callers_transaction(hook, service):
    _live, endpoint, _secret = hook
    other, _ = webhooks.register_webhook(service, f"https://{PUBLIC_IP}/x", by=None)
    webhooks.queue_event(service.id, "recommendation.transmitted", {"recommendation_id": 7})
    db.session.rollback()  # the event's transaction failed: nothing is queued
    assert deliveries() == []
    webhooks.queue_event(service.id, "recommendation.transmitted", {"recommendation_id": 7})
    db.session.commit()
    assert {d.endpoint_id for d in deliveries()} == {endpoint.id}  # `other` was rolled back
    with pytest.raises(ValueError):
        webhooks.queue_event(service.id, "made.up", {})


def test_failures_are_retried_with_growing_waits_then_given_up(app, hook):
    live, endpoint, _secret = hook
    live.statuses = [500, 503, 302]
    webhooks.send_ping(endpoint, by=None)
    db.session.commit()
    waits = []
    for expected_status in (500, 503, 302):
        before = utcnow()
        assert deliver_pending() == (0, 1)
        [delivery] = deliveries()
        assert delivery.status == DeliveryStatus.PENDING
        assert delivery.last_status_code == expected_status
        assert delivery.last_error == f"HTTP {expected_status}"
        waits.append(delivery.next_attempt_at - before)
        assert deliver_pending() == (0, 0)  # not due yet
        delivery.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert waits[0] < waits[1] < waits[2]
    assert waits[0] >= timedelta(seconds=59)
    # The redirect was not followed: the receiver saw three requests, all on /hook.
    assert [path for path, _h, _b in live.requests] == ["/hook"] * 3
    assert deliver_pending() == (1, 0)
    [delivery] = deliveries()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 4
    assert delivery.last_error is None


def test_a_delivery_is_given_up_after_the_maximum_attempts(app, hook, monkeypatch):
    live, endpoint, _secret = hook
    monkeypatch.setitem(app.config, "WEBHOOK_MAX_ATTEMPTS", 2)
    live.statuses = [500, 500]
    webhooks.send_ping(endpoint, by=None)
    db.session.commit()
    deliver_pending()
    deliveries()[0].next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    deliver_pending()
    [delivery] = deliveries()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2


def test_a_name_that_now_resolves_inside_is_refused_at_delivery(service, monkeypatch):
    """DNS may change after registration: the address is checked again before sending."""
    with receiver() as live:
        answers = iter([[PUBLIC_IP], ["127.0.0.1"]])
        monkeypatch.setattr(addresses, "resolve", lambda host, port: next(answers))
        endpoint, _ = webhooks.register_webhook(service, "https://hooks.example.org/x", by=None)
        webhooks.send_ping(endpoint, by=None)
        db.session.commit()
        assert deliver_pending() == (0, 1)
        [delivery] = deliveries()
        assert (
            delivery.last_error.startswith("refused: ")
            and "hooks.example.org" in delivery.last_error
        )
        assert delivery.last_status_code is None
        assert live.requests == []


def test_a_loopback_endpoint_is_not_called_unless_the_operator_allows_its_host(service):
    with receiver() as live:
        endpoint = WebhookEndpoint(service_id=service.id, url=live.url, secret="s")
        db.session.add(endpoint)
        db.session.flush()
        webhooks.send_ping(endpoint, by=None)
        db.session.commit()
        assert deliver_pending() == (0, 1)
        assert live.requests == []
        assert "refused" in deliveries()[0].last_error


def test_a_disabled_endpoint_receives_nothing(hook):
    live, endpoint, _secret = hook
    webhooks.send_ping(endpoint, by=None)
    webhooks.disable_webhook(endpoint, by=None)
    db.session.commit()
    deliver_pending()
    assert live.requests == []
    assert deliveries()[0].status == DeliveryStatus.FAILED
    with pytest.raises(OperationError):
        webhooks.send_ping(endpoint, by=None)


def test_the_cli_delivers(app, hook):
    live, endpoint, _secret = hook
    webhooks.send_ping(endpoint, by=None)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["webhooks", "deliver"])
    assert result.exit_code == 0 and "delivered 1, failed 0" in result.output
    assert len(live.requests) == 1


REFUSED = [
    "https://127.0.0.1/hook",
    "https://10.0.0.1/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://[::1]/hook",
    "https://localhost/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://0.0.0.0/hook",
    "https://192.168.1.20/hook",
    "https://172.16.0.5/hook",
    "https://224.0.0.1/hook",
    "https://100.64.0.1/hook",
    f"http://{PUBLIC_IP}/hook",
    f"https://user:secret@{PUBLIC_IP}/hook",
    "ftp://example.org/hook",
    "https:///hook",
    "not a url",
    "",
    "https://" + "a" * 500 + ".org/",
]


@pytest.mark.parametrize("url", REFUSED)
def test_unsafe_addresses_are_refused_at_registration(service, url):
    with pytest.raises(OperationError) as refused:
        webhooks.register_webhook(service, url, by=None)
    assert refused.value.field == "url" and str(refused.value.message)
    db.session.rollback()
    assert db.session.scalars(select(WebhookEndpoint)).all() == []


def test_an_allowed_host_may_use_http_and_a_private_address(app, service, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOWED_HOSTS", ["localhost"])
    endpoint, secret = webhooks.register_webhook(service, "http://localhost:8080/x", by=None)
    assert endpoint.url == "http://localhost:8080/x" and len(secret) >= 43
    with pytest.raises(OperationError):  # only the host named, not its address
        webhooks.register_webhook(service, "http://127.0.0.1:8080/x", by=None)


def test_a_public_address_is_accepted_once(service):
    endpoint, _ = webhooks.register_webhook(service, f"https://{PUBLIC_IP}/hook", by=None)
    assert endpoint.is_active
    with pytest.raises(OperationError):
        webhooks.register_webhook(service, f"https://{PUBLIC_IP}/hook", by=None)
