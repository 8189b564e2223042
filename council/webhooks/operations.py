"""Registering webhook endpoints and queueing events for them (in the caller's transaction)."""

import json
import secrets
import uuid

from flask_babel import gettext as _
from sqlalchemy import select

from council.actors import actor_id
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.webhooks.addresses import UnsafeUrl, check_url
from council.webhooks.models import WebhookDelivery, WebhookEndpoint

MAX_ENDPOINTS_PER_SERVICE = 5

# Event names as receivers see them.
RECOMMENDATION_TRANSMITTED = "recommendation.transmitted"
DEADLINE_NEAR = "recommendation.deadline_near"
PING = "ping"
EVENTS = (RECOMMENDATION_TRANSMITTED, DEADLINE_NEAR, PING)


def active_endpoints(service_id: int) -> list[WebhookEndpoint]:
    return list(
        db.session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.service_id == service_id, WebhookEndpoint.disabled_at.is_(None))
            .order_by(WebhookEndpoint.id)
        )
    )


def register_webhook(service, url: str, by) -> tuple[WebhookEndpoint, str]:
    """Return the endpoint and its signing secret (shown once to the admin)."""
    url = (url or "").strip()
    try:
        check_url(url)
    except UnsafeUrl as error:
        raise OperationError(str(error), "url") from error
    endpoints = active_endpoints(service.id)
    if any(endpoint.url == url for endpoint in endpoints):
        raise OperationError(_("This address is already registered for this service."), "url")
    if len(endpoints) >= MAX_ENDPOINTS_PER_SERVICE:
        raise OperationError(
            _("A service can have at most %(n)d webhook addresses.", n=MAX_ENDPOINTS_PER_SERVICE),
            "url",
        )
    secret = secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(
        service_id=service.id, url=url, secret=secret, created_by_id=actor_id(by)
    )
    db.session.add(endpoint)
    db.session.flush()
    return endpoint, secret


def disable_webhook(endpoint: WebhookEndpoint, by) -> None:
    if not endpoint.is_active:
        raise OperationError(_("This webhook address is already disabled."))
    endpoint.disabled_at = utcnow()
    db.session.flush()


def _body(event: str, service_id: int, data: dict) -> str:
    envelope = {
        "id": str(uuid.uuid4()),
        "event": event,
        "created_at": utcnow().isoformat(timespec="seconds"),
        "service_id": service_id,
        "data": data,
    }
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def queue_event(service_id: int, event: str, data: dict) -> list[WebhookDelivery]:
    """Queue `event` for every active endpoint of the service; the caller commits."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    deliveries = [
        WebhookDelivery(endpoint_id=endpoint.id, event=event, body=_body(event, service_id, data))
        for endpoint in active_endpoints(service_id)
    ]
    db.session.add_all(deliveries)
    db.session.flush()
    return deliveries


def send_ping(endpoint: WebhookEndpoint, by) -> WebhookDelivery:
    if not endpoint.is_active:
        raise OperationError(_("This webhook address is disabled."))
    data = {"message": "ping", "endpoint_id": endpoint.id}
    delivery = WebhookDelivery(
        endpoint_id=endpoint.id, event=PING, body=_body(PING, endpoint.service_id, data)
    )
    db.session.add(delivery)
    db.session.flush()
    return delivery


def recent_deliveries(service_id: int, limit: int = 50) -> list[WebhookDelivery]:
    return list(
        db.session.scalars(
            select(WebhookDelivery)
            .join(WebhookEndpoint)
            .where(WebhookEndpoint.service_id == service_id)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
    )
