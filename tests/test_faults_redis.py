"""Redis (the shared failed-login counters) goes away or hangs: logins keep working, failed
logins are still throttled (per process, logged as degraded), `/healthz?deep=1` says Redis is
down, and the shared counters are used again once it is back.

Each test counts under a key prefix of its own (RATELIMIT_KEY_PREFIX): counters left in Redis
by an earlier test, an earlier run or someone else's run never block its logins (a CI run once
answered 429 there), and its own keys are deleted at the end."""

import logging
import os
import random
import threading
import time
import uuid

import pytest
import redis
from sqlalchemy.engine import make_url

from config import TestingConfig
from council import create_app
from council.extensions import db
from council.roles import Role
from tests.conftest import PASSWORD, FormClient
from tests.fault_helpers import CookieClient, Gunicorn, Tally, report, within
from tests.fault_proxy import FaultProxy

pytestmark = pytest.mark.faults

# Our own Redis database number (see TEAM.md); keys of other runs are never touched.
REDIS_URL = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/4")
# How long a loaded machine may take to see Redis again after it is restored.
RECOVERY_LIMIT = 20


@pytest.fixture
def key_prefix():
    prefix = f"faults-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def redis_proxy():
    url = make_url(REDIS_URL)
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    with FaultProxy(url.host or "127.0.0.1", url.port or 6379) as proxy:
        yield proxy


def proxied_redis_url(proxy) -> str:
    return f"redis://127.0.0.1:{proxy.port}/{make_url(REDIS_URL).database or 0}"


@pytest.fixture
def redis_app(app, redis_proxy, key_prefix):
    other = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "INSTANCE_DIR": app.config["INSTANCE_DIR"],
            "RATELIMIT_STORAGE_URI": proxied_redis_url(redis_proxy),
            "RATELIMIT_STORAGE_TIMEOUT": 0.5,
            "RATELIMIT_RETRY_SECONDS": 1,
            "RATELIMIT_KEY_PREFIX": key_prefix,
        },
    )
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def new_address() -> str:
    """A client address of its own: the per-address counters of other runs do not count."""
    return f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}"  # noqa: S311


def browser(flask_app):
    client = FormClient(flask_app.test_client())
    client.client.environ_base["REMOTE_ADDR"] = new_address()
    return client


def deep_health(client) -> tuple[int, dict]:
    response = client.get("/healthz?deep=1")
    return response.status_code, response.get_json()


def seconds_until_redis_answers(client) -> float:
    """From now until `/healthz?deep=1` reports the shared counters in use again (a loaded
    machine may miss RATELIMIT_STORAGE_TIMEOUT once or twice after the restore)."""
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_LIMIT:
        status, health = deep_health(client)
        if (status, health["rate_limit_storage"]) == (200, "ok"):
            return round(time.monotonic() - started, 2)
        time.sleep(0.2)
    raise AssertionError(f"Redis still reported down {RECOVERY_LIMIT} s after it came back")


def test_logins_work_and_are_throttled_while_redis_is_cut(
    redis_app, redis_proxy, make_user, caplog
):
    email = f"{uuid.uuid4().hex[:12]}@example.org"
    make_user(Role.MEMBER, email=email)
    client = browser(redis_app)
    status, health = deep_health(client)
    assert (status, health["rate_limit_storage"]) == (200, "ok"), health

    redis_proxy.cut()
    with caplog.at_level(logging.WARNING, logger="council.throttle"):
        assert client.login(email).status_code == 302  # a member still gets in
        client.logout()
    assert any("degraded" in record.message for record in caplog.records)
    status, health = deep_health(client)
    assert status == 503 and health["rate_limit_storage"] == "degraded"
    assert health["database"] == "ok"

    # Failed logins are still counted (in this process): the sixth is refused.
    for _ in range(5):
        assert client.login(email, "wrong password, again").status_code == 200
    refused = client.login(email)
    assert refused.status_code == 429
    assert "Too many failed attempts" in refused.get_data(as_text=True)

    redis_proxy.restore()
    time.sleep(1.1)  # RATELIMIT_RETRY_SECONDS
    recovered_in = seconds_until_redis_answers(client)
    with caplog.at_level(logging.WARNING, logger="council.throttle"):
        other = browser(redis_app)
        assert other.login(email).status_code == 302  # shared counters again: a clean slate
    assert any("recovered" in record.message for record in caplog.records)
    report("redis-cut-login", {"recovered_after_restore_s": 1.1 + recovered_in})


def test_a_frozen_redis_delays_a_login_by_its_timeout_only(redis_app, redis_proxy, make_user):
    email = f"{uuid.uuid4().hex[:12]}@example.org"
    make_user(Role.MEMBER, email=email)
    client = redis_app.test_client()
    client.environ_base["REMOTE_ADDR"] = new_address()
    token_page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    token = token_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    redis_proxy.freeze()
    started = time.monotonic()
    response = within(
        10,
        lambda: client.post(
            "/login", data={"csrf_token": token, "email": email, "password": PASSWORD}
        ),
    )
    assert response.status_code == 302
    # RATELIMIT_STORAGE_TIMEOUT 0.5 s, then memory (without it: a login that never ends)
    assert time.monotonic() - started < 6


def test_gunicorn_logins_through_a_redis_cut(app, redis_proxy, key_prefix, make_user, tmp_path):
    people = [f"{uuid.uuid4().hex[:12]}@example.org" for _ in range(8)]
    for email in people:
        make_user(Role.MEMBER, email=email)
    env = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": proxied_redis_url(redis_proxy),
        "RATELIMIT_STORAGE_TIMEOUT": "0.5",
        "RATELIMIT_RETRY_SECONDS": "2",
        "RATELIMIT_KEY_PREFIX": key_prefix,
        "PAGE_CACHE_URL": "memory://",  # not the REDIS_URL of the environment (CI's)
        "COUNCIL_INSTANCE_DIR": str(tmp_path),
    }
    with Gunicorn(env, workers=4) as server:
        before = logins(server.url, people)
        redis_proxy.cut()
        during = logins(server.url, people)
        redis_proxy.restore()
        time.sleep(2.5)  # RATELIMIT_RETRY_SECONDS
        recovered_in = seconds_until_shared(server.url)
        after = logins(server.url, people)
        log = server.output()
    assert set(before.statuses) == {302}, before.bodies
    assert set(during.statuses) == {302}, (during, during.bodies)
    assert set(after.statuses) == {302}, after.bodies
    assert "degraded" in log and "Internal Server Error" not in log
    report(
        "gunicorn-redis-cut",
        {
            "workers": 4,
            "before": str(before),
            "during": str(during),
            "after": str(after),
            "recovered_after_restore_s": 2.5 + recovered_in,
        },
    )


def seconds_until_shared(base: str) -> float:
    """From now until a worker's `/healthz?deep=1` says the shared counters are in use."""
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_LIMIT:
        _status, body = CookieClient(base).request("/healthz?deep=1")
        if '"rate_limit_storage":"ok"' in body.replace(" ", ""):
            return round(time.monotonic() - started, 2)
        time.sleep(0.2)
    raise AssertionError(f"Redis still reported down {RECOVERY_LIMIT} s after it came back")


def logins(base: str, people: list[str]) -> Tally:
    """Each person logs in (in parallel, one thread each, from a different address)."""
    tally = Tally()

    def login(email):
        client = CookieClient(base)
        token = client.csrf_token("/login")
        started = time.monotonic()
        status, body = client.request(
            "/login", {"csrf_token": token, "email": email, "password": PASSWORD}
        )
        tally.record(status, body, time.monotonic() - started)

    threads = [threading.Thread(target=login, args=(email,)) for email in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def test_the_whole_site_works_through_a_redis_cut_and_caches_again_after(
    app, redis_proxy, key_prefix, make_user, tmp_path
):
    """Not only logins: the page cache and the minutes subscription's throttle share the same
    Redis. Cut, every page is rendered (no 500, no stale page), subscriptions are still
    throttled per process; back, pages are cached again."""
    email = f"{uuid.uuid4().hex[:12]}@example.org"
    make_user(Role.MEMBER, email=email)
    site = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "INSTANCE_DIR": tmp_path,
            "RATELIMIT_STORAGE_URI": proxied_redis_url(redis_proxy),
            "RATELIMIT_STORAGE_TIMEOUT": 0.5,
            "RATELIMIT_RETRY_SECONDS": 1,
            "RATELIMIT_KEY_PREFIX": key_prefix,
            "PAGE_CACHE_URL": proxied_redis_url(redis_proxy),
            "PAGE_CACHE_PREFIX": f"{key_prefix}:page:",
            "PAGE_CACHE_GENERATIONS": str(tmp_path / "generations"),
        },
    )
    pages = ["/", "/proposals/", "/meetings/", "/services/", "/recommendations/"]
    try:
        reader = browser(site)
        for page in pages:  # stored, then served from Redis
            reader.get(page)
        assert {reader.get(p).headers.get("X-Cache") for p in pages} == {"hit"}

        redis_proxy.cut()
        started = time.monotonic()
        answers = [reader.get(page) for page in pages * 2]
        cut_seconds = time.monotonic() - started
        assert {response.status_code for response in answers} == {200}
        assert not any(response.headers.get("X-Cache") == "hit" for response in answers)
        subscriber = browser(site)
        statuses = [
            subscriber.submit(
                "/subscribe", {"email": "abonne@example.org", "locale": "fr"}
            ).status_code
            for _ in range(6)
        ]
        assert 500 not in statuses and statuses[0] in (200, 302, 303)
        member = browser(site)
        assert member.login(email).status_code == 302

        redis_proxy.restore()
        recovered_in = seconds_until_redis_answers(reader)
        deadline = time.monotonic() + RECOVERY_LIMIT
        while reader.get("/services/").headers.get("X-Cache") != "hit":
            assert time.monotonic() < deadline, "pages are not cached again after Redis is back"
            time.sleep(0.3)
    finally:
        with site.app_context():
            db.session.remove()
            db.engine.dispose()
    report(
        "redis-cut-site",
        {
            "pages_rendered_during_cut": len(answers),
            "seconds_for_them": round(cut_seconds, 2),
            "subscription_answers": statuses,
            "recovered_after_restore_s": recovered_in,
        },
    )
