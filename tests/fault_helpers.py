"""What the fault tests share: the database behind a proxy, a real gunicorn, a client that
never waits for ever, and a tally of what was answered during an outage."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from config import TestingConfig
from council import create_app
from tests.workers import redis_prefix

ROOT = Path(__file__).resolve().parents[1]


def postgres_only(app) -> None:
    if make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() != "postgresql":
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL): the proxy stands in front of it")


def through_proxy(uri: str, port: int) -> str:
    """The same database URL, reached through the proxy listening on `port`."""
    return make_url(uri).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)


def target_of(uri: str) -> tuple[str, int]:
    url = make_url(uri)
    return url.host or "127.0.0.1", url.port or 5432


def proxied_app(app, proxy, **overrides):
    """A second application on the test database, whose connections go through `proxy`."""
    return create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": through_proxy(
                app.config["SQLALCHEMY_DATABASE_URI"], proxy.port
            ),
            "INSTANCE_DIR": app.config["INSTANCE_DIR"],
            "DATABASE_CONNECT_TIMEOUT": 2,
            "DATABASE_STATEMENT_TIMEOUT": 2,
            **overrides,
        },
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 60, headers: dict | None = None) -> tuple[int, str, dict]:
    """(status, body, headers) of a GET; 0 when no answer came (refused, reset, timed out)."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 — loopback
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)
    except OSError as error:
        return 0, repr(error), {}


@dataclass
class Tally:
    """What a client saw during one phase of a fault test."""

    statuses: Counter = field(default_factory=Counter)
    slowest: float = 0.0
    bodies: dict = field(default_factory=dict)  # one body per status, to explain a failure

    def record(self, status: int | str, body: str, seconds: float) -> None:
        self.statuses[status] += 1
        self.slowest = max(self.slowest, seconds)
        self.bodies.setdefault(status, body[:400])

    def __str__(self) -> str:
        counts = ", ".join(f"{status}×{n}" for status, n in sorted(self.statuses.items(), key=str))
        return f"{sum(self.statuses.values())} requests ({counts}), slowest {self.slowest:.1f} s"


def timed_fetch(url: str, tally: Tally, timeout: float = 60, headers=None) -> int | str:
    """Fetch and record; a page served from the page cache (no database needed) is counted
    as "200 cached"."""
    started = time.monotonic()
    status, body, answered = fetch(url, timeout=timeout, headers=headers)
    if status == 200 and answered.get("X-Cache") == "hit":
        status = "200 cached"
    tally.record(status, body, time.monotonic() - started)
    return status


class Gunicorn:
    """`gunicorn --workers N wsgi:app` with production settings and the given environment."""

    def __init__(self, env: dict, workers: int = 4, timeout: int = 30):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "COUNCIL_ENV": "production",
            "SECRET_KEY": "fault-tests-secret-key-" + "x" * 32,
            # On the tests' Redis (REDIS_URL), under keys of its own: counters and pages that
            # another test, worker or run left there are not this server's.
            "RATELIMIT_KEY_PREFIX": redis_prefix("limits"),
            "PAGE_CACHE_PREFIX": redis_prefix("page:"),
            **env,
        }
        self.args = [
            sys.executable, "-m", "gunicorn", "--workers", str(workers), "--timeout", str(timeout),
            "--bind", f"127.0.0.1:{self.port}", "wsgi:app",
        ]  # fmt: skip
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        self.log = open(Path(self.env["COUNCIL_INSTANCE_DIR"]) / "gunicorn.log", "w+b")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 — fixed arguments
            self.args, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if fetch(self.url + "/healthz", timeout=5)[0] in (200, 503):
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        self.__exit__()
        raise AssertionError(f"gunicorn did not start:\n{self.output()}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def workers(self) -> set[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in path.read_text().split()}


ARTIFACTS = ROOT / "test-artifacts" / "faults"


def report(name: str, figures: dict) -> None:
    """Keep what a fault test measured (test-artifacts/faults/<name>.json) and print it."""
    import json

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("TEST_DATABASE_URL", "sqlite").split(":")[0]
    path = ARTIFACTS / f"{name}-{database}.json"
    path.write_text(json.dumps(figures, indent=2, default=str, ensure_ascii=False) + "\n")
    print(f"\n{name} ({database}): {json.dumps(figures, default=str, ensure_ascii=False)}")


def within(seconds: float, job):
    """Run `job` in a thread; fail (instead of hanging the suite) when it takes longer."""
    import threading

    outcome = {}

    def run():
        try:
            outcome["value"] = job()
        except BaseException as error:  # reported in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still waiting after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class CookieClient:
    """A browser-like client for a production server over plain http: it keeps cookies even
    when they are marked Secure (the server is behind an HTTPS proxy in production), reads
    CSRF tokens, and never follows redirects."""

    def __init__(self, base: str, timeout: float = 30):
        self.base = base
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, path: str, data: dict | None = None, headers=None) -> tuple[int, str]:
        import http.client
        import urllib.parse

        host = urllib.parse.urlsplit(self.base).netloc
        connection = http.client.HTTPConnection(host, timeout=self.timeout)
        sent = {"Accept-Language": "en", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request("POST" if data is not None else "GET", path, body, sent)
            response = connection.getresponse()
            text = response.read().decode()
        except OSError as error:
            return 0, repr(error)
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def csrf_token(self, path: str) -> str:
        from tests.conftest import CSRF_INPUT

        match = CSRF_INPUT.search(self.request(path)[1])
        assert match, path
        return match.group(1) or match.group(2)


def in_app(app, job):
    """`job`, run inside an application context of its own (for `within`'s thread)."""

    def run():
        with app.app_context():
            return job()

    return run
