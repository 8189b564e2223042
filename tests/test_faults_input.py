"""The bad-input walk: every page and form the demo's people reach, every route with an id,
and every API write, sent hostile input (empty, too long, markup, NUL bytes, numbers beyond the
database's range, the wrong type, a text field sent as a file, the same form twice, JSON nested
100,000 deep, a 10 MB body). Nothing may answer a 500, no page may show the markup as sent,
and no NUL byte may be stored. On the SQLite file and, with TEST_DATABASE_URL, on PostgreSQL.
"""

import io
import json
import re
from collections import Counter

import pytest
from sqlalchemy import String, Text, select
from werkzeug.routing import IntegerConverter

from council.api.operations import issue_api_token
from council.extensions import db
from council.load_watch import loads_after_commit
from council.services.models import Service
from tests.api_helpers import bearer, service_with_token
from tests.conftest import FormClient
from tests.fault_helpers import report
from tests.input_walk import HOSTILE, HUGE_NUMBER, NOT_SENT, RAW_MARKUP, crawl, local_path

pytestmark = pytest.mark.faults

DEMO_PASSWORD = "conseil-demo-2026"  # noqa: S105 — the demo's documented password
PEOPLE = [
    None,  # a visitor without an account
    "amina@council.example",
    "secretaire@council.example",
    "habitat@council.example",
    "admin@council.example",
]
START = ["/", "/proposals/", "/meetings/", "/recommendations/", "/services/", "/dashboard"]
PAGES_PER_PERSON = 160
# Views that still read expired state after their commit, found by council/load_watch.py
# during this walk; each is to be fixed (read before the commit, or redirect) and removed from
# here. A view not listed that does it fails the test. (The walk found eleven; the security
# headers' check of the signed-in person, shared by all, and three views are fixed. Writing a
# comment reloads the signed-in person and their services after a commit: the issue's case.)
LOADING_AFTER_COMMIT = {"notifications.follow", "comments.new", "comments.reply"}
QUERY_ABUSE = [
    f"page={HUGE_NUMBER}&before={HUGE_NUMBER}&after={HUGE_NUMBER}"
    f"&comments_before={HUGE_NUMBER}&offset={HUGE_NUMBER}&limit={HUGE_NUMBER}&year={HUGE_NUMBER}",
    "page=-1&before=-5&q=%00&lang=%00&service=x&status=%3Cscript%3E",
]


class Walk:
    def __init__(self, client: FormClient, who: str):
        self.client, self.who = client, who
        self.failures: list[tuple] = []
        self.statuses: Counter = Counter()

    def check(self, method: str, path: str, variant: str, response) -> None:
        status = response.status_code
        self.statuses[status // 100 * 100] += 1
        body = response.get_data(as_text=True)
        if status >= 500:
            self.failures.append((self.who, method, path[:120], variant, status, body[:200]))
        elif RAW_MARKUP in body:
            self.failures.append((self.who, method, path[:120], variant, "markup shown", ""))

    def get(self, path: str):
        response = self.client.get(path)
        self.check("GET", path, "page", response)
        return response.status_code, response.get_data(as_text=True)


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def quiet_500s(app):
    """Let a crash answer the 500 page (the test counts it) instead of failing mid-walk, and
    watch for state loaded after a view's commit (council/load_watch.py)."""
    saved = app.config.get("PROPAGATE_EXCEPTIONS")
    app.config.update(PROPAGATE_EXCEPTIONS=False, LOAD_WATCH=True)
    loads_after_commit.clear()
    yield
    app.config.update(PROPAGATE_EXCEPTIONS=saved, LOAD_WATCH=False)


def send_form(walk: Walk, form, variant: str, data: dict) -> None:
    path = local_path(form.action)
    if path is None or path.startswith(NOT_SENT):
        return
    if form.method == "get":
        walk.check("GET", path, variant, walk.client.get(path, query_string=data))
    else:
        walk.check("POST", path, variant, walk.client.post(path, data=data))


def attack_form(walk: Walk, form) -> None:
    for variant, value in HOSTILE.items():
        send_form(walk, form, variant, form.values(value))
    ordinary = form.values(None)
    if form.method == "post" and form.text_names():
        as_files = dict(ordinary)
        for name in form.text_names():
            as_files[name] = (io.BytesIO(b"text sent as a file"), "field.txt")
        send_form(walk, form, "text field as a file", as_files)
    for attempt in ("first of two", "second of two"):  # a double click
        send_form(walk, form, attempt, ordinary)


def attack_routes_with_ids(walk: Walk, app, token: str) -> None:
    """Every route with a number in its address, that number beyond the database's range."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule.startswith("/api/"):
            continue
        path = rule.rule
        numbered = False
        for name, converter in rule._converters.items():
            numeric = isinstance(converter, IntegerConverter)
            value = HUGE_NUMBER if numeric else "x"
            numbered |= numeric
            path = re.sub(rf"<[^<>]*\b{name}>", value, path)
        if not numbered:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = {"csrf_token": token} if method != "GET" else None
            response = walk.client.open(path, method=method, data=data)
            walk.check(method, path, "id beyond the range", response)


def csrf_token_of(client: FormClient) -> str:
    page = client.get("/proposals/").get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    return found.group(1) if found else ""


def test_every_page_and_form_refuses_hostile_input_without_a_500(
    app, demo, quiet_500s, make_client
):
    walks = []
    for who in PEOPLE:
        client = make_client()
        client.client.environ_base["REMOTE_ADDR"] = f"192.0.2.{len(walks) + 1}"
        if who:
            assert client.login(who, DEMO_PASSWORD).status_code == 302, who
        walk = Walk(client, who or "visitor")
        pages, forms = crawl(walk.get, START, PAGES_PER_PERSON)
        for path in {path.split("?")[0] for path, status, _body in pages if status == 200}:
            for query in QUERY_ABUSE:
                walk.check("GET", path, "query", client.get(f"{path}?{query}"))
        for form in forms:
            attack_form(walk, form)
        attack_routes_with_ids(walk, app, csrf_token_of(client))
        walks.append((walk, len(pages), len(forms)))

    failures = [failure for walk, _p, _f in walks for failure in walk.failures]
    assert failures == [], "\n".join(map(str, failures[:40]))
    # No view reads expired state after its commit (a database blip there shows an error page
    # for a change that was saved) — except those still listed in LOADING_AFTER_COMMIT.
    found = {endpoint for endpoint, _what in loads_after_commit}
    new = sorted(item for item in set(loads_after_commit) if item[0] not in LOADING_AFTER_COMMIT)
    assert new == [], "\n".join(map(str, new))
    assert no_nul_stored()
    report(
        "bad-input-walk",
        {
            **{
                walk.who: {"pages": pages, "forms": forms, "answers": dict(walk.statuses)}
                for walk, pages, forms in walks
            },
            "views loading after their commit": sorted(found),
        },
    )


def no_nul_stored() -> bool:
    """No text column of any table holds a NUL byte (PostgreSQL could not store it; SQLite
    would, and a later copy to PostgreSQL would then fail)."""
    db.session.expire_all()
    for table in db.metadata.sorted_tables:
        texts = [c for c in table.columns if isinstance(c.type, String | Text)]
        if not texts:
            continue
        for row in db.session.execute(select(*texts)):
            assert not any(isinstance(v, str) and "\x00" in v for v in row), (table.name, row)
    return True


# --- the API ---------------------------------------------------------------------------------

JSON_BODIES = {
    "nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "an object nested 100,000 deep": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "not JSON": "{this is not json",
    "not an object": "[1, 2, 3]",
    "NUL bytes": json.dumps(
        {
            key: "a\x00b"
            for key in ("text", "title", "body", "status", "url", "language", "label", "note")
        }
    ),
    "wrong types": json.dumps(
        {key: [1, {"x": None}] for key in ("text", "title", "status", "url", "language", "events")}
    ),
    "numbers out of range": json.dumps({"commitment_id": 2**70, "progress": -(2**70)}),
    "too long": json.dumps({key: "a" * 100_000 for key in ("text", "title", "url")}),
}


def test_every_api_write_refuses_hostile_json_with_a_json_4xx(app, demo, quiet_500s, client):
    service = db.session.scalars(select(Service).order_by(Service.id)).first()
    _token, value = issue_api_token(service, "walk", by=None)
    db.session.commit()
    ids = {"service_id": str(service.id)}
    for name, table in (
        ("recommendation_id", "recommendations"),
        ("commitment_id", "recommendation_commitments"),
        ("webhook_id", "webhook_endpoints"),
    ):
        found = db.session.scalar(select(db.metadata.tables[table].c.id).limit(1))
        ids[name] = str(found or 1)
    failures, statuses = [], Counter()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS", "GET"}):
            for id_kind in ("existing", "beyond the range"):
                path = rule.rule
                for name in rule.arguments:
                    number = ids.get(name, "1") if id_kind == "existing" else HUGE_NUMBER
                    path = re.sub(rf"<[^<>]*\b{name}>", number, path)
                for variant, body in JSON_BODIES.items():
                    response = client.open(
                        path,
                        method=method,
                        data=body,
                        headers={**bearer(value), "Content-Type": "application/json"},
                    )
                    statuses[response.status_code] += 1
                    problem = None
                    if response.status_code >= 500:
                        problem = response.get_data(as_text=True)[:200]
                    elif response.status_code >= 400 and "error" not in (
                        response.get_json(silent=True) or {}
                    ):
                        problem = "no JSON error"
                    if problem:
                        failures.append((method, path, id_kind, variant, problem))
    assert failures == [], "\n".join(map(str, failures[:40]))
    assert no_nul_stored()
    report("bad-input-api", {"answers": dict(statuses)})


# --- request size ------------------------------------------------------------------------------


def test_a_10_mb_body_is_refused_before_it_is_read(app, client):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = {"csrf_token": token, "email": "a@example.org", "password": "x" * (10 * 2**20)}
    response = client.post("/login", data=body)
    assert response.status_code == 413
    assert "What you sent is too large." in response.get_data(as_text=True)
    _service, _token, value = service_with_token()
    api = client.post(
        "/api/v1/recommendations/1/responses",
        data="[" + "1," * (5 * 2**20) + "1]",
        headers={**bearer(value), "Content-Type": "application/json"},
    )
    assert api.status_code == 413 and api.get_json()["error"]["code"] == "too_large"
