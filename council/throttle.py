"""Throttling of failed logins and of emailed links, per account and per client address.

Failed logins are counted three ways (see config.py): per account *from one address*, per
address, and per account from all addresses. An attacker at one address therefore blocks only
their own tries at that account, never the member's own address. The account-wide counter
stops many addresses guessing one password; the member then lifts the block with an emailed
sign-in link or a password reset (`clear_account`). Only failures are counted: a member who
logs in correctly is never slowed down.

Counters live in the `limits` storage named by RATELIMIT_STORAGE_URI: memory for one process,
Redis when several gunicorn workers or machines must share them.

When Redis does not answer, logins must keep working: the counters fall back to this
process's memory (each worker then counts on its own, so an attacker gets at most one quota
per worker), the switch is logged as "degraded", and Redis is tried again every
RATELIMIT_RETRY_SECONDS. `/healthz?deep=1` says which storage is in use.
"""

import ipaddress
import logging
import threading
import time
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, MovingWindowSupport, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

logger = logging.getLogger(__name__)

# Scopes of a login block, as recorded in the security log.
ACCOUNT_AND_ADDRESS, ADDRESS, ACCOUNT = "account_and_address", "address", "account"


class FallbackStorage(Storage, MovingWindowSupport):
    """A shared storage (Redis) that falls back to per-process memory while it is down."""

    STORAGE_SCHEME = None  # built by LoginThrottle, never from a URI

    def __init__(self, shared: Storage, retry_seconds: float):
        super().__init__(wrap_exceptions=False)
        self.shared = shared
        self.local = MemoryStorage()
        self.retry_seconds = retry_seconds
        self._down_until = 0.0  # monotonic time before which the shared storage is not tried
        self._lock = threading.Lock()

    @property
    def base_exceptions(self):
        return StorageError

    @property
    def degraded(self) -> bool:
        return self._down_until > 0

    def _call(self, method: str, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(self.shared, method)(*args, **kwargs)
            except StorageError as error:
                self._fall_back(error)
            else:
                self._recovered()
                return result
        return getattr(self.local, method)(*args, **kwargs)

    def _fall_back(self, error: StorageError) -> None:
        with self._lock:
            first = not self.degraded
            self._down_until = time.monotonic() + self.retry_seconds
        if first:
            logger.warning(
                "degraded: rate-limit storage unreachable (%s); counting in this process "
                "until it answers again",
                error,
            )

    def _recovered(self) -> None:
        if self.degraded:
            with self._lock:
                self._down_until = 0.0
            logger.warning("recovered: rate-limit storage answers again; shared counters in use")

    def incr(self, key, expiry, amount=1):
        return self._call("incr", key, expiry, amount=amount)

    def get(self, key):
        return self._call("get", key)

    def get_expiry(self, key):
        return self._call("get_expiry", key)

    def clear(self, key):
        return self._call("clear", key)

    def acquire_entry(self, key, limit, expiry, amount=1):
        return self._call("acquire_entry", key, limit, expiry, amount=amount)

    def get_moving_window(self, key, limit, expiry):
        return self._call("get_moving_window", key, limit, expiry)

    def check(self) -> bool:
        """Whether the shared storage answers now (asked directly, for health checks)."""
        try:
            healthy = bool(self.shared.check())
        except StorageError:
            healthy = False
        if healthy:
            self._recovered()
        return healthy

    def reset(self):
        self.local.reset()
        try:
            return self.shared.reset()
        except StorageError as error:
            self._fall_back(error)
            return None


def shared_storage(uri: str, timeout: float, key_prefix: str = "LIMITS") -> Storage:
    """The storage named by `uri`; a network one never waits longer than `timeout` seconds.
    In Redis, every key starts with `key_prefix` (two sites, or two test runs, sharing one
    Redis database never see each other's counters)."""
    options = {"wrap_exceptions": True}
    if uri.startswith(("redis://", "rediss://", "redis+unix://")):
        options.update(
            socket_timeout=timeout, socket_connect_timeout=timeout, key_prefix=key_prefix
        )
    return storage_from_string(uri, **options)


@dataclass
class _State:
    storage: FallbackStorage
    limiter: MovingWindowRateLimiter
    per_account_and_address: RateLimitItem
    per_address: RateLimitItem
    per_account: RateLimitItem
    second_factor: RateLimitItem
    links_per_address: RateLimitItem
    links_per_account: RateLimitItem


def address_key(address: str | None) -> str:
    """IPv6 clients get a whole /64 from their provider: count the network, not the address."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def _account_key(account: str) -> str:
    return account.strip().lower()


class LoginThrottle:
    def init_app(self, app: Flask) -> None:
        config = app.config
        shared = shared_storage(
            config["RATELIMIT_STORAGE_URI"],
            config["RATELIMIT_STORAGE_TIMEOUT"],
            config["RATELIMIT_KEY_PREFIX"],
        )
        storage = FallbackStorage(shared, config["RATELIMIT_RETRY_SECONDS"])
        app.extensions["login_throttle"] = _State(
            storage=storage,
            limiter=MovingWindowRateLimiter(storage),
            per_account_and_address=parse(config["LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS"]),
            per_address=parse(config["LOGIN_FAILURES_PER_ADDRESS"]),
            per_account=parse(config["LOGIN_FAILURES_PER_ACCOUNT"]),
            second_factor=parse(config["SECOND_FACTOR_FAILURES_PER_ACCOUNT"]),
            links_per_address=parse(config["EMAILED_LINKS_PER_ADDRESS"]),
            links_per_account=parse(config["EMAILED_LINKS_PER_ACCOUNT"]),
        )

    @staticmethod
    def _state() -> _State:
        return current_app.extensions["login_throttle"]

    def _login_checks(self, account: str, address: str):
        state, account, address = self._state(), _account_key(account), address_key(address)
        pair = state.per_account_and_address
        return (
            (ACCOUNT_AND_ADDRESS, pair, "login-fail-pair", account, address),
            (ADDRESS, state.per_address, "login-fail-address", address),
            (ACCOUNT, state.per_account, "login-fail-account", account),
        )

    # --- logins ----------------------------------------------------------------------------

    def login_block(self, account: str, address: str) -> str | None:
        """The scope that blocks this login attempt, or None."""
        limiter = self._state().limiter
        for scope, item, *keys in self._login_checks(account, address):
            if not limiter.test(item, *keys):
                return scope
        return None

    def is_blocked(self, account: str, address: str) -> bool:
        return self.login_block(account, address) is not None

    def record_failure(self, account: str, address: str) -> str | None:
        """Count one failure; returns the scope this failure has just blocked, if any."""
        limiter = self._state().limiter
        for _scope, item, *keys in self._login_checks(account, address):
            limiter.hit(item, *keys)
        return self.login_block(account, address)

    def clear_account(self, account: str, address: str) -> None:
        """The person proved they own the account (emailed link, reset): lift its block
        everywhere, and at this address. Other addresses' own counters stay."""
        limiter = self._state().limiter
        for scope, item, *keys in self._login_checks(account, address):
            if scope != ADDRESS:
                limiter.clear(item, *keys)

    # --- the second factor -----------------------------------------------------------------

    def second_factor_blocked(self, user_id: int) -> bool:
        state = self._state()
        return not state.limiter.test(state.second_factor, "second-factor", str(user_id))

    def record_second_factor_failure(self, user_id: int) -> None:
        state = self._state()
        state.limiter.hit(state.second_factor, "second-factor", str(user_id))

    # --- emailed links (password reset, sign-in link) ----------------------------------------

    def allow_emailed_link(self, account: str, address: str) -> bool:
        """Count one request for a link; False when this address or this typed email address
        asked too often. Counted by what was typed, so the answer says nothing about whether
        an account exists."""
        state = self._state()
        checks = (
            (state.links_per_address, "link-address", address_key(address)),
            (state.links_per_account, "link-account", _account_key(account)),
        )
        if not all(state.limiter.test(item, *keys) for item, *keys in checks):
            return False
        for item, *keys in checks:
            state.limiter.hit(item, *keys)
        return True

    def storage_status(self) -> str:
        """ "ok" (shared counters), "degraded" (Redis down: per-process), or "memory" (configured
        per process, e.g. development)."""
        storage = self._state().storage
        if isinstance(storage.shared, MemoryStorage):
            return "memory"
        return "ok" if storage.check() else "degraded"

    def reset(self) -> None:
        """Forget every counter (used by tests, or by an operator after an incident)."""
        self._state().storage.reset()
