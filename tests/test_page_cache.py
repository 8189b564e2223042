"""Public pages from the cache: fresh after every write, never personal, conditional requests.

These tests run a second application with the cache on (the suite's own app renders every
request, so that statement counts stay meaningful), on the same database. Writes go through
that application (its requests, or its app context), as they would in production.
"""

import socket

import pytest
import redis
from sqlalchemy import update

from config import TestingConfig
from council import create_app
from council.extensions import db
from council.proposals.models import Proposal
from council.roles import Role
from tests.conftest import FormClient
from tests.proposal_factories import a_submitted
from tests.workers import REDIS_URL, redis_prefix

# A second application reads and writes the tables: the tests' data must be really committed.
pytestmark = pytest.mark.committed


def cached_app(database_uri, tmp_path, url="memory://", prefix=None):
    """An application with the page cache on; applications given the same `prefix` share the
    pages they store in Redis (one site on several machines)."""
    return create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "INSTANCE_DIR": tmp_path,
            "PAGE_CACHE_URL": url,
            "PAGE_CACHE_PREFIX": prefix or redis_prefix("page:"),
            "PAGE_CACHE_GENERATIONS": str(tmp_path / "generations"),
        },
    )


@pytest.fixture
def site(database_uri, tmp_path):
    return cached_app(database_uri, tmp_path)


def visitor(app):
    return FormClient(app.test_client())


@pytest.fixture
def proposal(make_user):
    author = make_user(Role.MEMBER, email="author@example.org", name="Aïcha")
    cosigners = [make_user(Role.MEMBER) for _ in range(2)]
    return a_submitted(author, cosigners, title="Des bancs au parc")


def test_a_second_visitor_gets_the_stored_page_and_a_write_shows_at_once(site, proposal, make_user):
    first, second = visitor(site), visitor(site)
    page = first.get(f"/proposals/{proposal.id}")
    assert page.headers["X-Cache"] == "miss" and "Des bancs au parc" in page.get_data(as_text=True)
    again = second.get(f"/proposals/{proposal.id}")
    assert again.headers["X-Cache"] == "hit" and again.data == page.data
    assert "Set-Cookie" not in again.headers

    member = make_user(Role.MEMBER, email="commenter@example.org", name="Olena")
    writer = visitor(site)
    writer.login(member.email)
    writer.submit(f"/comments/proposal/{proposal.id}", {"body": "Oui, près des jeux.",
                                                       "language": "fr", "as_service": "0"},
                  form_page=f"/proposals/{proposal.id}")  # fmt: skip
    fresh = second.get(f"/proposals/{proposal.id}")
    assert fresh.headers["X-Cache"] == "miss"
    assert "Oui, près des jeux." in fresh.get_data(as_text=True)


def test_a_bulk_statement_outside_any_request_invalidates_too(site, proposal):
    reader = visitor(site)
    reader.get("/proposals/")
    assert reader.get("/proposals/").headers["X-Cache"] == "hit"
    with site.app_context():  # a command-line script, say: no request, no ORM object
        db.session.execute(
            update(Proposal).where(Proposal.id == proposal.id).values(title="Des tables au parc")
        )
        db.session.commit()
    page = reader.get("/proposals/")
    assert page.headers["X-Cache"] == "miss" and "Des tables au parc" in page.get_data(as_text=True)


def test_members_pages_never_go_to_the_public_nor_come_from_it(site, proposal, make_user):
    """(A member's own pages are kept for their session only: tests/test_private_page_cache.py.)"""
    public = visitor(site).get(f"/proposals/{proposal.id}")
    assert public.headers["X-Cache"] == "miss"
    member = make_user(Role.MEMBER, email="reader@example.org", name="Member Zeynep")
    signed_in = visitor(site)
    signed_in.login(member.email)
    for _ in range(2):
        page = signed_in.get(f"/proposals/{proposal.id}")
        assert "Member Zeynep" in page.get_data(as_text=True) and page.data != public.data
        assert page.headers["Cache-Control"] == "private, no-store"
    again = visitor(site).get(f"/proposals/{proposal.id}")
    assert "X-Cache" in again.headers and "Member Zeynep" not in again.get_data(as_text=True)


def test_a_page_with_a_visitors_form_never_carries_another_sessions_token(site):
    first, second = visitor(site), visitor(site)
    token_one, token_two = first.csrf_token("/login"), second.csrf_token("/login")
    assert token_one != token_two
    assert "X-Cache" not in first.get("/login").headers
    # A visitor who holds a session (with a form secret) still gets public pages from the cache,
    # and those pages hold no token.
    first.get("/proposals/")
    page = first.get("/proposals/")
    assert page.headers["X-Cache"] == "hit" and token_one not in page.get_data(as_text=True)


def test_pages_are_stored_per_language(site):
    assert 'lang="en"' in visitor(site).get("/", headers={"Accept-Language": "en"}).text
    page = visitor(site).get("/", headers={"Accept-Language": "ar"})
    assert page.headers["X-Cache"] == "miss" and 'lang="ar"' in page.get_data(as_text=True)
    by_link = visitor(site)
    by_link.get("/?lang=uk")
    hit = visitor(site).get("/?lang=uk")
    assert hit.headers["X-Cache"] == "hit" and 'lang="uk"' in hit.get_data(as_text=True)
    assert hit.headers["Set-Cookie"].startswith("lang=uk;")  # remembered as when rendered
    russian = visitor(site)
    russian.set_cookie("lang", "ru")
    page = russian.get("/")
    assert page.headers["X-Cache"] == "miss" and 'lang="ru"' in page.text


@pytest.mark.parametrize(
    "url",
    ["/", "/proposals/", "/feeds/minutes.atom", "/meetings.ics", "/api/v1/proposals",
     "/recommendations/export.csv", "/recommendations/export.json", "/dashboard"],
)  # fmt: skip
def test_conditional_requests_answer_304(site, proposal, url):
    reader = visitor(site)
    page = reader.get(url)
    assert page.status_code == 200 and page.headers["ETag"]
    for source in ("miss", "hit"):
        again = reader.get(url, headers={"If-None-Match": page.headers["ETag"]})
        assert again.status_code == 304 and again.data == b"", source
    since = reader.get(url, headers={"If-Modified-Since": page.headers["Last-Modified"]})
    assert since.status_code == 304


def test_conditional_requests_without_the_cache(client, proposal):
    page = client.get(f"/proposals/{proposal.id}")
    etag = page.headers["ETag"]
    assert (
        client.get(f"/proposals/{proposal.id}", headers={"If-None-Match": etag}).status_code == 304
    )


def test_redis_store_is_shared_and_invalidated(database_uri, tmp_path, proposal):
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = redis_prefix("page:")
    one, two = (cached_app(database_uri, tmp_path, REDIS_URL, prefix) for _ in range(2))
    try:
        assert visitor(one).get("/proposals/").headers["X-Cache"] == "miss"
        assert visitor(two).get("/proposals/").headers["X-Cache"] == "hit"
        with one.app_context():
            db.session.execute(update(Proposal).values(title="Des fontaines"))
            db.session.commit()
        page = visitor(two).get("/proposals/")
        assert page.headers["X-Cache"] == "miss" and "Des fontaines" in page.get_data(as_text=True)
    finally:
        one.extensions["page_cache"].store.clear()


def test_without_redis_pages_are_rendered_not_broken(database_uri, tmp_path, proposal):
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    app = cached_app(database_uri, tmp_path, f"redis://127.0.0.1:{port}/0")
    reader = visitor(app)
    for _ in range(2):
        page = reader.get(f"/proposals/{proposal.id}")
        assert page.status_code == 200 and "Des bancs au parc" in page.get_data(as_text=True)
        assert "X-Cache" not in page.headers
    with app.app_context():  # a write while Redis is away: its bump waits, nothing breaks
        db.session.execute(update(Proposal).values(title="Des arbres"))
        db.session.commit()
    assert "Des arbres" in reader.get(f"/proposals/{proposal.id}").get_data(as_text=True)
