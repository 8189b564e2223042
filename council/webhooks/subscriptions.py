"""What the services' systems are told, as receivers of council.signals. They run inside the
operation's transaction: the deliveries are queued (outbox) with it, or not at all."""

import os

from flask import Flask, current_app

from council import signals
from council.webhooks.operations import DEADLINE_NEAR, RECOMMENDATION_TRANSMITTED, queue_event


def _payload(recommendation, deadline) -> dict:
    base = current_app.config["BASE_URL"].rstrip("/")
    return {
        "recommendation_id": recommendation.id,
        "title": recommendation.title,
        "language": recommendation.language,
        "deadline": deadline.isoformat() if deadline else None,
        "url": f"{base}/recommendations/{recommendation.id}",
        "api_url": f"{base}/api/v1/recommendations/{recommendation.id}",
    }


@signals.recommendation_transmitted.connect
def _transmitted(recommendation, *, service_ids, deadline, **extra) -> None:
    for service_id in service_ids:
        queue_event(service_id, RECOMMENDATION_TRANSMITTED, _payload(recommendation, deadline))


@signals.deadline_near.connect
def _deadline_near(recommendation, *, service_id, deadline, **extra) -> None:
    queue_event(service_id, DEADLINE_NEAR, _payload(recommendation, deadline))


def init_app(app: Flask) -> None:
    """Defaults an operator may override in the configuration."""
    # Hosts that may receive webhooks although they resolve to a loopback or private address
    # (e.g. a service's system on the city's intranet); only these may use plain http://.
    from_env = os.environ.get("WEBHOOK_ALLOWED_HOSTS", "")
    app.config.setdefault(
        "WEBHOOK_ALLOWED_HOSTS", [host for host in from_env.split(",") if host.strip()]
    )
    app.config.setdefault("WEBHOOK_MAX_ATTEMPTS", 6)
