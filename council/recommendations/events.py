"""A tiny in-process event bus: other domains (webhooks) subscribe to what happens here.

    from council.recommendations import events
    events.subscribe(lambda kind, recommendation, **data: ...)

Subscribers run inside the operation's transaction (they may queue rows; they must not commit).
Kinds: recommendation_adopted, recommendation_transmitted, response_posted, follow_up_posted,
deadline_near (14 days before), deadline_reached.
"""

from collections.abc import Callable

Subscriber = Callable[..., None]
_subscribers: list[Subscriber] = []

KINDS = (
    "recommendation_adopted",
    "recommendation_transmitted",
    "response_posted",
    "follow_up_posted",
    "deadline_near",
    "deadline_reached",
)


def subscribe(subscriber: Subscriber) -> Subscriber:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def unsubscribe(subscriber: Subscriber) -> None:
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


def emit(kind: str, recommendation, **data) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown recommendation event {kind!r}")
    for subscriber in list(_subscribers):
        subscriber(kind, recommendation, **data)
