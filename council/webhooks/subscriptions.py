"""What the recommendations domain tells the services' systems. Runs inside the operation's
transaction: the deliveries are queued (outbox) or not at all."""

from flask import current_app

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
    from council.recommendations import events

    events.subscribe(on_recommendation_event)
