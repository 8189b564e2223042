"""Throttling of failed logins, per account and per client address.

Only failures are counted (a member who logs in correctly is never slowed down). Counters live
in the `limits` storage named by RATELIMIT_STORAGE_URI: memory for one process, Redis when
several gunicorn workers or machines must share them.
"""

from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter


@dataclass
class _State:
    storage: Storage
    limiter: MovingWindowRateLimiter
    per_account: RateLimitItem
    per_address: RateLimitItem


class LoginThrottle:
    def init_app(self, app: Flask) -> None:
        storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
        app.extensions["login_throttle"] = _State(
            storage=storage,
            limiter=MovingWindowRateLimiter(storage),
            per_account=parse(app.config["LOGIN_FAILURES_PER_ACCOUNT"]),
            per_address=parse(app.config["LOGIN_FAILURES_PER_ADDRESS"]),
        )

    @staticmethod
    def _state() -> _State:
        return current_app.extensions["login_throttle"]

    def _checks(self, account: str, address: str):
        state = self._state()
        return (
            (state.per_account, "login-fail-account", account.strip().lower()),
            (state.per_address, "login-fail-address", address or "unknown"),
        )

    def is_blocked(self, account: str, address: str) -> bool:
        limiter = self._state().limiter
        return any(not limiter.test(item, *keys) for item, *keys in self._checks(account, address))

    def record_failure(self, account: str, address: str) -> None:
        limiter = self._state().limiter
        for item, *keys in self._checks(account, address):
            limiter.hit(item, *keys)

    def reset(self) -> None:
        """Forget every counter (used by tests, or by an operator after an incident)."""
        self._state().storage.reset()
