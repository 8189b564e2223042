"""Delivering queued webhooks: signed, pinned to a checked address, retried with backoff.

Run by `flask webhooks deliver` (cron, or `--loop` as its own process). Each delivery is
claimed in its own short transaction so that two workers never send the same one twice.
"""

import hashlib
import hmac
import http.client
import socket
import ssl
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from council.db_types import utcnow
from council.extensions import db
from council.webhooks.addresses import Target, UnsafeUrl, check_url
from council.webhooks.models import DeliveryStatus, WebhookDelivery

SIGNATURE_HEADER = "X-Council-Signature"
TIMESTAMP_HEADER = "X-Council-Timestamp"
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
TIMEOUT_SECONDS = 10


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` + HMAC-SHA256 of "<timestamp>.<raw body>": a replayed body with a new
    timestamp no longer matches."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the checked address while verifying the certificate for the host name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(target: Target, headers: dict[str, str], body: bytes) -> int:
    """POST and return the status code; redirects are not followed (they could lead inside)."""
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, TIMEOUT_SECONDS)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(4096)
        return response.status
    finally:
        connection.close()


def attempt(delivery: WebhookDelivery) -> None:
    """Send once and record the outcome on the delivery (raises nothing)."""
    endpoint = delivery.endpoint
    started = time.monotonic()
    delivery.attempts += 1
    delivery.last_attempt_at = utcnow()
    delivery.last_status_code = None
    try:
        target = check_url(endpoint.url)
        body = delivery.body.encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Council-Webhooks/1",
            "X-Council-Event": delivery.event,
            "X-Council-Delivery": str(delivery.id),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
        }
        status = post(target, headers, body)
        delivery.last_status_code = status
        error = None if 200 <= status < 300 else f"HTTP {status}"
    except UnsafeUrl as refused:
        error = f"refused: {refused}"
    except (OSError, http.client.HTTPException) as failure:
        error = f"{type(failure).__name__}: {failure}"
    delivery.last_duration_ms = int((time.monotonic() - started) * 1000)
    _record(delivery, error)


def _record(delivery: WebhookDelivery, error: str | None) -> None:
    if error is None:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = utcnow()
        delivery.last_error = None
        return
    delivery.last_error = error[:2000]
    if delivery.attempts >= current_app.config["WEBHOOK_MAX_ATTEMPTS"]:
        delivery.status = DeliveryStatus.FAILED
    else:
        wait = BACKOFF[min(delivery.attempts - 1, len(BACKOFF) - 1)]
        delivery.next_attempt_at = utcnow() + wait
    current_app.logger.warning("webhook delivery %s failed: %s", delivery.id, error)


def _claim_next(now) -> WebhookDelivery | None:
    query = (
        select(WebhookDelivery)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_at <= now,
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    )
    return db.session.scalars(query).first()


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Try each due delivery once. Returns (delivered, failed attempts)."""
    delivered = failed = 0
    for _ in range(limit):
        delivery = _claim_next(utcnow())
        if delivery is None:
            break
        if not delivery.endpoint.is_active:
            delivery.attempts += 1
            _record_disabled(delivery)
        else:
            attempt(delivery)
        if delivery.status == DeliveryStatus.DELIVERED:
            delivered += 1
        else:
            failed += 1
        db.session.commit()
    return delivered, failed


def _record_disabled(delivery: WebhookDelivery) -> None:
    delivery.status = DeliveryStatus.FAILED
    delivery.last_error = "endpoint disabled"
