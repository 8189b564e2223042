"""A forged Host header never reaches a link (issue 11, point 9): links are built from
BASE_URL, and requests for a host that is not trusted are refused."""

import re
from pathlib import Path

import pytest

from config import TestingConfig, trusted_hosts
from council import create_app
from tests.api_helpers import service_with_token

ROOT = Path(__file__).resolve().parent.parent / "council"
EVIL = {"Host": "evil.example"}


@pytest.fixture
def guarded(app):
    """The same database, with production's host rule."""
    return create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "INSTANCE_DIR": app.config["INSTANCE_DIR"],
            "BASE_URL": "https://conseil.example.org",
            "TRUSTED_HOSTS": trusted_hosts("https://conseil.example.org", "internal.lan"),
        },
    )


def test_no_code_builds_a_link_from_the_request_host():
    pattern = re.compile(r"_external\s*=\s*True|\.host_url\b|\.url_root\b|request\.host\b")
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*")
        if path.suffix in {".py", ".html", ".txt", ".xml", ".ics"}
        and pattern.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "url", ["/api/v1/", "/api/v1/proposals", "/api/v1/services", "/api/v1/openapi.json"]
)
def test_api_links_use_base_url_whatever_the_host_says(app, client, url):
    service_with_token("Habitat")
    body = client.get(url, headers=EVIL).get_data(as_text=True)
    assert "evil.example" not in body
    assert app.config["BASE_URL"].rstrip("/") in body


def test_the_calendar_and_feeds_ignore_the_host(client):
    for url in ("/meetings.ics", "/feeds/minutes.atom", "/feeds/recommendations.atom"):
        response = client.get(url, headers=EVIL)
        assert response.status_code == 200, url
        assert "evil.example" not in response.get_data(as_text=True), url


def test_an_untrusted_host_is_refused(guarded):
    client = guarded.test_client()
    assert client.get("/api/v1/", headers=EVIL).status_code == 400
    assert client.get("/proposals/", headers=EVIL).status_code == 400
    for host in ("conseil.example.org", "internal.lan"):
        answer = client.get("/api/v1/", headers={"Host": host})
        assert answer.status_code == 200, host
        assert "https://conseil.example.org/api/v1/proposals" in answer.get_data(as_text=True)


def test_trusted_hosts_come_from_base_url_and_the_setting():
    assert trusted_hosts("https://Conseil.example.org:8443/x", " a.lan, ,B.lan ") == [
        "a.lan",
        "b.lan",
        "conseil.example.org",
    ]
