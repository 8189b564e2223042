"""Signed webhooks: services' systems are told when something concerns them."""

import os

from flask import Flask


def init_app(app: Flask) -> None:
    """Defaults an operator may override in the configuration."""
    # Hosts that may receive webhooks although they resolve to a loopback or private address
    # (e.g. a service's system on the city's intranet); only these may use plain http://.
    from_env = os.environ.get("WEBHOOK_ALLOWED_HOSTS", "")
    app.config.setdefault(
        "WEBHOOK_ALLOWED_HOSTS", [host for host in from_env.split(",") if host.strip()]
    )
    app.config.setdefault("WEBHOOK_MAX_ATTEMPTS", 6)
    from council.webhooks.subscriptions import subscribe

    subscribe()
