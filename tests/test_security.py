"""Headers, templates without inline code, translated error pages, health check."""

import re
import tomllib
from pathlib import Path

from flask_babel import force_locale, gettext

from config import DEFAULT_SECRET_KEY, ProductionConfig, TestingConfig, database_url
from council import create_app

TEMPLATES = Path(__file__).resolve().parents[1] / "council" / "templates"

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
PYPROJECT_VERSION = tomllib.loads(PYPROJECT.read_text())["project"]["version"]


def test_strict_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # only in production


def test_production_adds_hsts_and_secure_cookies(monkeypatch, app):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    production = create_app(
        ProductionConfig, {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["REMEMBER_COOKIE_SECURE"] is True
    response = production.test_client().get("/healthz")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_production_refuses_the_default_secret_key(monkeypatch):
    for weak in (DEFAULT_SECRET_KEY, "", "short"):
        monkeypatch.setattr(ProductionConfig, "SECRET_KEY", weak)
        try:
            create_app(ProductionConfig)
        except RuntimeError as error:
            assert "SECRET_KEY" in str(error)
        else:
            raise AssertionError(f"started with secret key {weak!r}")


def test_database_url_is_normalised_for_psycopg3():
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert database_url(None).endswith("instance/council.db")


def test_no_inline_script_style_or_third_party_url_in_templates():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert "<style" not in text and " style=" not in text, template
        assert not re.search(r"(src|href)=\"(https?:)?//", text), template


def test_error_pages_are_translated(client):
    response = client.get("/no-such-page?lang=ar")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    with force_locale("ar"):
        assert gettext("Page not found") in page
    assert 'dir="rtl"' in page


def test_server_errors_get_a_translated_page_not_a_traceback(app):
    broken = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": False},
    )

    def explode():
        raise RuntimeError("boom")

    explode.permission = lambda user: True
    broken.add_url_rule("/explode", "explode", explode)
    response = broken.test_client().get("/explode?lang=fr")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Traceback" not in page and "boom" not in page
    with force_locale("fr"):
        assert gettext("Something went wrong") in page


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "version": PYPROJECT_VERSION}


def test_every_page_shows_the_version_of_pyproject_in_its_footer(client):
    footer = client.get("/services/").get_data(as_text=True).split('class="site-footer"')[1]
    assert f"Version {PYPROJECT_VERSION}" in footer


def test_healthz_reports_a_broken_database(tmp_path):
    broken = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/x.db"}
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"


def test_csrf_token_is_required_on_forms(client, make_user):
    make_user(email="a@example.org")
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 20})
    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)
    assert client.get("/me").status_code == 302
