"""The database goes away (cut), hangs (frozen) or stays locked: pages answer a translated 503
that needs no database, the API answers JSON, static files are still served, no request waits
for ever, and everything works again as soon as the database is back."""

import time

import pytest
from flask_babel import force_locale
from sqlalchemy import create_engine, select, text

from council.comments.models import Comment
from council.extensions import db
from council.outages import TEXT, TITLE
from council.roles import Role
from tests.conftest import FormClient
from tests.fault_helpers import postgres_only, proxied_app, target_of, within
from tests.fault_proxy import FaultProxy
from tests.referral_helpers import housing_service, official_of, open_referral

pytestmark = pytest.mark.faults
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def proxy(app):
    postgres_only(app)
    with FaultProxy(*target_of(app.config["SQLALCHEMY_DATABASE_URI"])) as proxy:
        yield proxy


@pytest.fixture
def proxied(app, proxy):
    other = proxied_app(app, proxy)
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def assert_unavailable_page(response, locale="en"):
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    page = response.get_data(as_text=True)
    with force_locale(locale):
        assert str(TITLE) in page and str(TEXT) in page
    assert "Internal Server Error" not in page


def test_database_cut_answers_503_in_the_visitors_language_and_static_files(
    proxied, proxy, make_user
):
    make_user(Role.MEMBER, email="amina@example.org")
    member = FormClient(proxied.test_client())
    member.login("amina@example.org")
    logout_token = member.csrf_token("/me")
    visitor = FormClient(proxied.test_client())
    assert visitor.get("/proposals/").status_code == 200

    proxy.cut()
    assert_unavailable_page(visitor.get("/proposals/"))
    assert_unavailable_page(visitor.get("/proposals/?lang=ar"), "ar")
    newcomer = FormClient(proxied.test_client())  # no language cookie: the browser's language
    assert_unavailable_page(newcomer.get("/meetings/", headers={"Accept-Language": "uk"}), "uk")
    # Signed in: loading the person is a query; the page must not need it.
    assert_unavailable_page(member.get("/me"))
    assert_unavailable_page(member.post("/logout", data={"csrf_token": logout_token}))
    # An error page of its own (here an expired form) must not need the database either. (A
    # signed-in person's request loads the person first, before the form's token is checked:
    # that is a 503 above; a visitor's goes straight to the token.)
    assert visitor.post("/logout", data={}).status_code == 400
    api = visitor.get("/api/v1/services")
    assert api.status_code == 503 and api.headers["Retry-After"].isdigit()
    assert api.get_json()["error"]["code"] == "unavailable"
    assert visitor.get("/static/css/council.css").status_code == 200
    assert visitor.get("/healthz").status_code == 503

    proxy.restore()
    assert visitor.get("/proposals/").status_code == 200
    assert member.get("/me").status_code == 200  # still signed in: the logout did not happen


def test_frozen_database_fails_the_request_in_seconds(proxied, proxy):
    visitor = proxied.test_client()
    english = ENGLISH
    assert visitor.get("/proposals/", headers=english).status_code == 200  # pooled connection
    proxy.freeze()
    # The pooled connection waits for the statement timeout (2 s) + the answer margin (2 s),
    # then a new connection gives up after its connect timeout (2 s): well under gunicorn's
    # 30 s. Without these limits the request would wait for ever.
    started = time.monotonic()
    assert_unavailable_page(within(30, lambda: visitor.get("/proposals/", headers=english)))
    first = time.monotonic() - started
    started = time.monotonic()
    assert_unavailable_page(within(30, lambda: visitor.get("/proposals/?lang=fr")), "fr")
    second = time.monotonic() - started
    assert first < 20 and second < 20, (first, second)
    proxy.restore()
    assert visitor.get("/proposals/", headers=english).status_code == 200


def test_a_locked_table_fails_the_write_in_seconds_and_saves_nothing(app, make_user, tmp_path):
    """The same on SQLite (its write lock) and PostgreSQL (a table lock held elsewhere)."""
    author = make_user(Role.MEMBER, email="farid@example.org")
    service = housing_service()
    referral = open_referral(official_of(make_user, service), service)
    locked = app_with_short_timeouts(app)
    member = FormClient(locked.test_client())
    member.login(author.email)
    url = f"/comments/referral/{referral.id}"
    token = member.csrf_token(url)
    form = {"csrf_token": token, "body": "Hello", "language": "en", "as_service": "0"}
    with holding_write_lock(app, "comments"):
        started = time.monotonic()
        response = within(30, lambda: member.client.post(url, data=form, headers=ENGLISH))
        elapsed = time.monotonic() - started
    assert_unavailable_page(response)
    # DATABASE_STATEMENT_TIMEOUT 1.5 s here; on PostgreSQL without it the write never ends.
    assert elapsed < 8, elapsed
    assert db.session.scalars(select(Comment)).all() == []
    with locked.app_context():
        db.engine.dispose()


def app_with_short_timeouts(app):
    from config import TestingConfig
    from council import create_app

    return create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "INSTANCE_DIR": app.config["INSTANCE_DIR"],
            "DATABASE_STATEMENT_TIMEOUT": 1.5,
        },
    )


class holding_write_lock:
    """Another connection holds the lock a write on `table` needs, until the block ends."""

    def __init__(self, app, table: str):
        self.engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        self.table = table

    def __enter__(self):
        self.connection = self.engine.connect()
        if self.engine.dialect.name == "postgresql":
            self.connection.execute(text(f"LOCK TABLE {self.table} IN EXCLUSIVE MODE"))
        else:
            self.connection.exec_driver_sql("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc):
        self.connection.rollback()
        self.connection.close()
        self.engine.dispose()
