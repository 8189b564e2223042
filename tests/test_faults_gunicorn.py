"""A real gunicorn (4 workers, production settings) while PostgreSQL is cut, then frozen,
behind a proxy: what visitors get during each outage, and how long it takes to come back.

Gunicorn's own bare "Internal Server Error" appears when the application's error page fails
in turn; a frozen database used to hold every worker until gunicorn killed it.
"""

import threading
import time

import pytest

from tests.fault_helpers import (
    Gunicorn,
    Tally,
    fetch,
    postgres_only,
    report,
    target_of,
    through_proxy,
    timed_fetch,
)
from tests.fault_proxy import FaultProxy

pytestmark = pytest.mark.faults

PAGES = ["/proposals/", "/meetings/?lang=ar", "/api/v1/services", "/healthz"]
STATIC = "/static/css/council.css"
CLIENTS = 6


def hammer(base: str, seconds: float, timeout: float = 40) -> tuple[Tally, Tally]:
    """CLIENTS threads request the pages (and a static file) for `seconds`."""
    pages, static = Tally(), Tally()
    stop = time.monotonic() + seconds

    def client(offset: int):
        n = offset
        while time.monotonic() < stop:
            timed_fetch(base + PAGES[n % len(PAGES)], pages, timeout=timeout)
            timed_fetch(base + STATIC, static, timeout=timeout)
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return pages, static


def seconds_until_healthy(base: str, limit: float = 60) -> float:
    """From now until every page answers 200 again."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if all(fetch(base + page, timeout=20)[0] == 200 for page in PAGES):
            return round(time.monotonic() - started, 2)
        time.sleep(0.1)
    raise AssertionError(f"not recovered after {limit} s")


@pytest.fixture
def served(app, tmp_path):
    postgres_only(app)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    with FaultProxy(*target_of(uri)) as proxy:
        env = {
            "DATABASE_URL": through_proxy(uri, proxy.port),
            "DATABASE_CONNECT_TIMEOUT": "2",
            "DATABASE_STATEMENT_TIMEOUT": "3",
            "RATELIMIT_STORAGE_URI": "memory://",
            "COUNCIL_INSTANCE_DIR": str(tmp_path),
        }
        with Gunicorn(env, workers=4) as server:
            yield proxy, server


def assert_only_translated_503s(pages: Tally, static: Tally, server: Gunicorn) -> None:
    """Every page a 503 (or a public page the page cache kept: it needs no database)."""
    assert set(pages.statuses) <= {503, "200 cached"}, (pages, pages.bodies)
    assert pages.statuses[503] > 0
    assert "Internal Server Error" not in str(pages.bodies)
    assert set(static.statuses) == {200}, (static, static.bodies)
    assert "WORKER TIMEOUT" not in server.output()


def test_gunicorn_through_a_database_cut_and_a_freeze(served):
    proxy, server = served
    normal, _ = hammer(server.url, 2)
    # A page a worker kept in its page cache is a healthy answer too (4 workers, 6 pages).
    assert set(normal.statuses) <= {200, "200 cached"}, (normal, normal.bodies)
    workers = server.workers()

    proxy.cut()
    cut_pages, cut_static = hammer(server.url, 6)
    proxy.restore()
    cut_recovery = seconds_until_healthy(server.url)
    assert_only_translated_503s(cut_pages, cut_static, server)

    proxy.freeze()
    frozen_pages, frozen_static = hammer(server.url, 12)
    proxy.restore()
    frozen_recovery = seconds_until_healthy(server.url)
    assert_only_translated_503s(frozen_pages, frozen_static, server)
    # statement (3 s) + answer margin (2 s) + connect (2 s), far from gunicorn's 30 s.
    assert frozen_pages.slowest < 15, frozen_pages
    assert server.workers() == workers, "a worker was killed or died"

    report(
        "gunicorn-database-outages",
        {
            "workers": 4,
            "clients": CLIENTS,
            "normal": str(normal),
            "cut (6 s)": {"pages": str(cut_pages), "static": str(cut_static)},
            "cut: seconds to recover after the database is back": cut_recovery,
            "frozen (12 s)": {"pages": str(frozen_pages), "static": str(frozen_static)},
            "frozen: seconds to recover after the database is back": frozen_recovery,
        },
    )
