"""What the recommendations domain tells the services' systems. Runs inside the operation's
transaction: the deliveries are queued (outbox) or not at all."""

import os

from flask import Flask, current_app

from council.recommendations import events
from council.webhooks.operations import DEADLINE_NEAR, RECOMMENDATION_TRANSMITTED, queue_event


def _payload(recommendation, deadline: str | None) -> dict:
    base = current_app.config["BASE_URL"].rstrip("/")
    return {
        "recommendation_id": recommendation.id,
        "title": recommendation.title,
        "language": recommendation.language,
        "deadline": deadline,
        "url": f"{base}/recommendations/{recommendation.id}",
        "api_url": f"{base}/api/v1/recommendations/{recommendation.id}",
    }


def on_recommendation_event(kind: str, recommendation, **data) -> None:
    if kind == "recommendation_transmitted":
        for service_id in data["service_ids"]:
            payload = _payload(recommendation, data.get("deadline"))
            queue_event(service_id, RECOMMENDATION_TRANSMITTED, payload)
    elif kind == "deadline_near":
        payload = _payload(recommendation, data.get("deadline"))
        queue_event(data["service_id"], DEADLINE_NEAR, payload)


def subscribe() -> None:
    events.subscribe(on_recommendation_event)


def init_app(app: Flask) -> None:
    """Defaults an operator may override in the configuration."""
    # Hosts that may receive webhooks although they resolve to a loopback or private address
    # (e.g. a service's system on the city's intranet); only these may use plain http://.
    from_env = os.environ.get("WEBHOOK_ALLOWED_HOSTS", "")
    app.config.setdefault(
        "WEBHOOK_ALLOWED_HOSTS", [host for host in from_env.split(",") if host.strip()]
    )
    app.config.setdefault("WEBHOOK_MAX_ATTEMPTS", 6)
    subscribe()
