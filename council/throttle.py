"""Throttling of failed logins and of emailed links, per account and per client address.

Failed logins are counted three ways (see config.py): per account *from one address*, per
address, and per account from all addresses. An attacker at one address therefore blocks only
their own tries at that account, never the member's own address. The account-wide counter
stops many addresses guessing one password; the member then lifts the block with an emailed
sign-in link or a password reset (`clear_account`). Only failures are counted: a member who
logs in correctly is never slowed down.

Counters live in the `limits` storage named by RATELIMIT_STORAGE_URI: memory for one process,
Redis when several gunicorn workers or machines must share them.
"""

import ipaddress
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

# Scopes of a login block, as recorded in the security log.
ACCOUNT_AND_ADDRESS, ADDRESS, ACCOUNT = "account_and_address", "address", "account"


@dataclass
class _State:
    storage: Storage
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
        storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
        config = app.config
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

    def reset(self) -> None:
        """Forget every counter (used by tests, or by an operator after an incident)."""
        self._state().storage.reset()
