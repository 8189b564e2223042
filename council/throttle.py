"""Throttling of failed logins, per account and per client address.

Only failures are counted (a member who logs in correctly is never slowed down). Counters live
in the `limits` storage named by RATELIMIT_STORAGE_URI: memory for one process, Redis when
several gunicorn workers or machines must share them.
"""

from flask import Flask
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


class LoginThrottle:
    def __init__(self) -> None:
        self._limiter: MovingWindowRateLimiter | None = None

    def init_app(self, app: Flask) -> None:
        storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
        self._limiter = MovingWindowRateLimiter(storage)
        self.per_account = parse(app.config["LOGIN_FAILURES_PER_ACCOUNT"])
        self.per_address = parse(app.config["LOGIN_FAILURES_PER_ADDRESS"])
        app.extensions["login_throttle"] = self

    def _keys(self, account: str, address: str):
        return (
            (self.per_account, "login-fail-account", account.strip().lower()),
            (self.per_address, "login-fail-address", address or "unknown"),
        )

    def is_blocked(self, account: str, address: str) -> bool:
        assert self._limiter is not None
        return any(not self._limiter.test(item, *key) for item, *key in self._keys(account, address))

    def record_failure(self, account: str, address: str) -> None:
        assert self._limiter is not None
        for item, *key in self._keys(account, address):
            self._limiter.hit(item, *key)

    def reset(self) -> None:
        """Forget every counter (used by tests and by an operator after an incident)."""
        assert self._limiter is not None
        self._limiter.reset()
