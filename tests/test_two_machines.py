"""Two app servers behind one address, as at scale: two gunicorn processes on the same
PostgreSQL and Redis. A comment written through one is on the other's cached public page at
once; a session opened on one is valid on the other; failed logins counted on one block the
account on the other.

Runs when the suite runs on PostgreSQL (TEST_DATABASE_URL) and Redis answers on 127.0.0.1.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis

from council.roles import Role
from tests.conftest import CSRF_INPUT
from tests.proposal_factories import a_submitted
from tests.workers import REDIS_URL, redis_prefix

# Two gunicorn servers read and write the tables: the data must be really committed.
pytestmark = pytest.mark.committed

ROOT = Path(__file__).resolve().parents[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """A browser that may talk to either server with the same cookies."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def get(self, url: str):
        return self._open(urllib.request.Request(url, headers={"Accept-Language": "en"}))  # noqa: S310

    def post(self, url: str, form_url: str, data: dict):
        match = CSRF_INPUT.search(self.get(form_url)[2])
        payload = {"csrf_token": match.group(1) or match.group(2), **data}
        body = urllib.parse.urlencode(payload).encode()
        return self._open(urllib.request.Request(url, data=body, headers={"Accept-Language": "en"}))  # noqa: S310

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database_url: str, prefix: str, instance: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "COUNCIL_ENV": "development",  # plain-HTTP cookies on loopback
        "SECRET_KEY": "two-machines-share-this-secret-key-0123456789",
        "DATABASE_URL": database_url.replace("postgresql+psycopg://", "postgresql://"),
        "REDIS_URL": REDIS_URL,
        "PAGE_CACHE_PREFIX": prefix,
        "RATELIMIT_KEY_PREFIX": prefix + "limits",
        "COUNCIL_INSTANCE_DIR": str(instance),
        "MAIL_DELIVER_AFTER_REQUEST": "0",
    }
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "council:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2).read()  # noqa: S310
            return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise AssertionError("server did not start")


@pytest.fixture
def two_servers(database_uri, tmp_path):
    if not database_uri.startswith("postgresql"):
        pytest.skip("two machines share a PostgreSQL database (TEST_DATABASE_URL)")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = redis_prefix("two-machines:")
    started = [start_server(database_uri, prefix, tmp_path / name) for name in ("one", "two")]
    yield [url for _process, url in started]
    for process, _url in started:
        process.terminate()
        process.wait(timeout=30)
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(prefix + "*"))
    if keys:
        client.delete(*keys)


def test_a_write_on_one_server_shows_at_once_on_the_others_cached_page(two_servers, make_user):
    one, two = two_servers
    author = make_user(Role.MEMBER, email="author@example.org")
    proposal = a_submitted(author, [make_user(Role.MEMBER), make_user(Role.MEMBER)],
                           title="Un abri à vélos")  # fmt: skip
    page = f"/proposals/{proposal.id}"
    reader = Visitor()
    assert reader.get(two + page)[1]["X-Cache"] == "miss"
    assert reader.get(two + page)[1]["X-Cache"] == "hit"

    member = make_user(Role.MEMBER, email=f"writer-{uuid.uuid4().hex[:8]}@example.org",
                       name="Writer Nour")  # fmt: skip
    writer = Visitor()
    status, _headers, _body = writer.post(
        one + "/login",
        one + "/login",
        {"email": member.email, "password": "correct horse battery staple"},
    )
    assert status == 302
    # The session opened on server one is valid on server two.
    status, _headers, body = writer.get(two + "/me")
    assert status == 200 and "Writer Nour" in body
    status, _headers, _body = writer.post(
        one + f"/comments/proposal/{proposal.id}", one + page,
        {"body": "Avec un toit, merci.", "language": "fr", "as_service": "0"},
    )  # fmt: skip
    assert status == 302
    status, headers, body = reader.get(two + page)
    assert headers["X-Cache"] == "miss" and "Avec un toit, merci." in body


def test_failed_logins_counted_on_one_server_block_on_the_other(two_servers, make_user):
    one, two = two_servers
    member = make_user(Role.MEMBER, email=f"target-{uuid.uuid4().hex[:8]}@example.org")
    attacker = Visitor()
    wrong = {"email": member.email, "password": "wrong password!"}
    for _ in range(5):
        status, _h, body = attacker.post(one + "/login", one + "/login", wrong)
        assert status == 200 and "The email address or the password is not correct." in body
    right = {"email": member.email, "password": "correct horse battery staple"}
    status, _h, body = Visitor().post(two + "/login", two + "/login", right)
    assert status == 429
    assert re.search(r"Too many failed attempts\. Wait 15 minutes", body)


def test_a_members_kept_page_is_fresh_and_ends_with_the_session_on_every_server(
    two_servers, make_user
):
    one, two = two_servers
    author = make_user(Role.MEMBER, email=f"author-{uuid.uuid4().hex[:8]}@example.org")
    proposal = a_submitted(author, [make_user(Role.MEMBER), make_user(Role.MEMBER)],
                           title="Un banc ombragé")  # fmt: skip
    page = f"/proposals/{proposal.id}"
    member = make_user(Role.MEMBER, email=f"reader-{uuid.uuid4().hex[:8]}@example.org",
                       name="Reader Amal")  # fmt: skip
    password = "correct horse battery staple"
    reader = Visitor()
    status, _h, _b = reader.post(
        one + "/login", one + "/login", {"email": member.email, "password": password}
    )
    assert status == 302
    caches = [reader.get(two + page)[1].get("X-Cache") for _ in range(3)]
    assert caches[-1] == "hit"  # kept in Redis for this session

    writer = Visitor()
    writer.post(one + "/login", one + "/login", {"email": author.email, "password": password})
    comment = {"body": "Et une fontaine.", "language": "fr", "as_service": "0"}
    status, _h, _b = writer.post(one + f"/comments/proposal/{proposal.id}", one + page, comment)
    assert status == 302
    status, headers, body = reader.get(two + page)
    assert headers.get("X-Cache") != "hit" and "Et une fontaine." in body

    reader.post(one + "/logout", one + "/", {})  # the session ends on server one
    status, headers, body = reader.get(two + page)
    assert "Reader Amal" not in body and headers.get("X-Cache") != "hit"
