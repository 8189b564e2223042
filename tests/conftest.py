"""Shared fixtures: a real database (SQLite file, or PostgreSQL from TEST_DATABASE_URL), a test
client that speaks HTML forms with their CSRF token, and factories for people."""

import contextvars
import os
import re
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import delete
from sqlalchemy.exc import OperationalError

from config import TestingConfig, database_url
from council import create_app
from council.accounts import operations as accounts
from council.accounts.two_factor import enrol_with_secret, requires_two_factor
from council.extensions import db, limiter
from council.roles import Role
from tests.browser import checks
from tests.isolation import RolledBackDatabase
from tests.two_factor_helpers import TOTP_SECRET, code_for
from tests.workers import worker_database

PASSWORD = "correct horse battery staple"  # noqa: S105 — test accounts only
CSRF_INPUT = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'type="hidden" name="csrf_token" value="([^"]+)"'
)


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory) -> str:
    if os.environ.get("TEST_DATABASE_URL"):
        return worker_database(database_url(os.environ["TEST_DATABASE_URL"]))
    # Each worker has its own temporary folder, hence its own file.
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'council-test.db'}"


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def app(database_uri, instance_dir):
    app = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": database_uri, "INSTANCE_DIR": instance_dir},
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def rolled_back_database(app):
    database = RolledBackDatabase(app.config)
    yield database
    database.dispose()


@pytest.fixture(autouse=True)
def clean_state(request, app, rolled_back_database):
    """Each test starts with empty tables and fresh login-failure counters: its writes are
    rolled back (tests/isolation.py), or, for a test marked `committed` (and the fault tests),
    really committed and the tables emptied after it."""
    committed = any(request.node.get_closest_marker(mark) for mark in ("committed", "faults"))
    # Operations called directly by a test speak English, like the requests (see FormClient).
    with app.app_context(), force_locale("en"):
        limiter.reset()
        if committed:
            # Fresh connections for what runs beside it (threads, other processes): none left
            # open by earlier tests, and the rolled-back one closed meanwhile.
            rolled_back_database.engine.dispose()
            db.engine.dispose()
            yield
            db.session.rollback()
            empty_tables()
            return
        engines = db.engines
        ordinary = engines[None]
        rolled_back_database.begin()
        engines[None] = rolled_back_database.engine
        try:
            yield
        finally:
            db.session.remove()
            engines[None] = ordinary
            rolled_back_database.end()
        if rolled_back_database.other_engines_used:  # another application wrote for real
            empty_tables()


def empty_tables() -> None:
    """Delete every row; once more on fresh connections if a broken one refused (a test left
    behind with data would fail every test after it)."""
    try:
        _delete_every_row()
    except OperationalError:
        db.session.remove()
        db.engine.dispose()
        _delete_every_row()


def _delete_every_row() -> None:
    try:
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        db.session.commit()
    finally:
        db.session.remove()


class FormClient:
    """A test client that fills forms like a browser: it reads the CSRF token from the page.

    Each request runs in an empty context, as in a real server: it gets its own application
    context, `g` and database session instead of sharing the test's.
    """

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        return getattr(self.client, name)

    def open(self, *args, **kwargs):
        # Tests read in English unless they choose a language (French is the site's default).
        headers = kwargs.pop("headers", None) or {}
        kwargs["headers"] = {"Accept-Language": "en", **headers}
        response = contextvars.Context().run(self.client.open, *args, **kwargs)
        # End the test's own transaction so that its next query sees what the request wrote.
        db.session.commit()
        return response

    def get(self, *args, **kwargs):
        return self.open(*args, method="GET", **kwargs)

    def post(self, *args, **kwargs):
        return self.open(*args, method="POST", **kwargs)

    def csrf_token(self, url: str) -> str:
        page = self.get(url).get_data(as_text=True)
        match = CSRF_INPUT.search(page)
        assert match, f"no CSRF token in {url}"
        return match.group(1) or match.group(2)

    def submit(self, url: str, data: dict, *, form_page: str | None = None, **kwargs):
        """GET the page holding the form (default: the same URL), then POST the form."""
        payload = {"csrf_token": self.csrf_token(form_page or url), **data}
        return self.post(url, data=payload, **kwargs)

    def login(self, email: str, password: str = PASSWORD):
        """Log in like a person: the password, then the app's code when the account has a
        second factor (privileged accounts made by `make_user` have one)."""
        response = self.submit("/login", {"email": email, "password": password})
        if response.status_code == 302 and response.headers["Location"] == "/login/code":
            response = self.submit("/login/code", {"code": code_for(email)})
        return response

    def logout(self):
        return self.submit("/logout", {})


@pytest.fixture
def client(app):
    return FormClient(app.test_client())


@pytest.fixture
def make_client(app):
    return lambda: FormClient(app.test_client())


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(*roles: Role, email: str | None = None, name: str | None = None, **kwargs):
        """A person; admins, secretaries and officials have their second factor set up (with
        TOTP_SECRET) unless `two_factor=False`, as they must before using the site."""
        number = next(counter)
        two_factor = kwargs.pop("two_factor", None)
        user = accounts.create_user(
            email or f"person{number}@example.org",
            name or f"Person {number}",
            kwargs.pop("password", PASSWORD),
            set(roles) or {Role.MEMBER},
            **kwargs,
        )
        if two_factor is None:
            two_factor = requires_two_factor(user)
        if two_factor:
            enrol_with_secret(user, TOTP_SECRET)
        db.session.commit()
        return user

    return make


def outbox():
    from council.mail.models import OutboxMessage

    return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def link_in(body: str) -> str:
    """The path of the first link of this site in an email body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """Compile the .po catalogs so that pages are tested in every language, as users see them."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in Path(__file__).resolve().parents[1].glob("translations/*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source)
        with mo.open("wb") as target:
            write_mo(target, catalog)


# --- Parallel runs (pytest-xdist): what the workers measured, summed up once ---------------


def pytest_sessionfinish(session):
    """A worker hands its page weights to the controller (tests/browser/checks.py)."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["page_weights"] = checks.WEIGHTS


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    checks.WEIGHTS.extend(getattr(node, "workeroutput", {}).get("page_weights", []))


def pytest_terminal_summary(terminalreporter, config):
    if not hasattr(config, "workerinput") and checks.WEIGHTS:
        terminalreporter.write_line(checks.weights_summary(checks.WEIGHTS))
