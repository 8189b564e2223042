"""A signed-in person's pages, kept on the server for that one session and nobody else.

Members read the same pages again and again (the meeting page reloaded all evening in the
meeting room, the list they come back to after each proposal): rendering each one costs tens of
milliseconds of SQL and templates on a small server. A page rendered for a session is stored
under a key made of the session itself (its login-session row, its cookie's content), the
account and its roles, the language, the URL and the Accept header; only the same session can
ever read it back. It is fresh like the public cache's pages: it remembers the generations of
every table the request read (the account's own rows included) and any committed write to one
of them makes it stale at once; `PRIVATE_PAGE_CACHE_SECONDS` bounds its life in any case (texts
that change with the clock: "closes in 5 minutes").

What a hit still does, every time: the session checks (lifetime, idle, logout everywhere, the
second factor to set up) and the route's permission run first, as for any request, so a
session that ended or a role taken away is never served a page. What is never stored: a page
rendered while a message waited to be shown (flashed once), a request that wrote to the
database or changed the session (a GET that remembers a choice, a receipt, a secret shown
once), an answer the view marked `no-store` (a second factor's set-up key, recovery codes, a
ballot receipt, a new token), anything but a 200, the API with a token, the sign-in pages.

The browser is still told `private, no-store` (council/security.py): the next person at a
shared phone cannot read the page back from the browser's cache; the server's copy needs the
session cookie, which the logout ends.
"""

import hashlib
import json
import time

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user

from council.pagecache import generations
from council.pagecache.store import Entry
from council.translations_content.operations import current_reader
from council.translations_content.read_tally import tally_read

# The sign-in and second-factor pages and the health check: always rendered.
NEVER_STORED_BLUEPRINTS = {"auth"}
NEVER_STORED_ENDPOINTS = {"static", "main.healthz"}
# Read on every request to check the session; a touch writes it once a minute. The session
# row's identity is part of the key, and the checks run before every hit.
SESSION_TABLES = {"login_sessions"}
# The account's own rows: a change of name, language or roles makes its pages stale.
ACCOUNT_TABLES = ("users", "user_roles")
DROPPED_HEADERS = {"set-cookie", "date", "content-length", "etag", "last-modified", "x-cache"}


def _cache():
    cache = current_app.extensions.get("page_cache")
    if cache is None or not current_app.config.get("PRIVATE_PAGE_CACHE", True):
        return None
    return cache


def _may_look_up() -> bool:
    if request.method not in ("GET", "HEAD") or request.authorization is not None:
        return False
    if request.endpoint is None or request.endpoint in NEVER_STORED_ENDPOINTS:
        return False
    if request.blueprint in NEVER_STORED_BLUEPRINTS or "_flashes" in session:
        return False
    user = g.get("_login_user")
    return user is not None and not user.is_anonymous


def key_for() -> str:
    """Everything a signed-in page may depend on besides the database: who, which session,
    what the session holds, the language, the address and what the client accepts."""
    login_session = g.get("login_session")
    parts = [
        request.scheme,
        request.environ.get("HTTP_HOST", ""),  # not a link: only the key
        request.full_path,
        request.headers.get("Accept", ""),
        g.get("locale_code", ""),
        request.cookies.get("easy_read", ""),
        str(current_user.id),
        ",".join(sorted(str(role) for role in current_user.roles)),
        str(login_session.id if login_session is not None else ""),
        json.dumps(dict(session), sort_keys=True, default=str),
    ]
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=20).hexdigest()
    return f"session:{current_user.id}:{digest}"


def look_up():
    """Before the view (after the session checks and the permission gate): answer a hit."""
    cache = _cache()
    if cache is None or not _may_look_up():
        return None
    key = key_for()
    entry = cache.store.get(key)
    if entry is None:
        g.private_cache_key = key
        # From here on: a write before this point (the session's once-a-minute touch) does not
        # make the page itself one that wrote.
        generations.writes_seen.set(False)
        return None
    if entry.read:
        tally_read(*entry.read, current_reader())
    response = Response(entry.body, status=entry.status, headers=entry.headers)
    response.headers["X-Cache"] = "hit"
    return response


def store(response):
    """Right after the view (the first after_request hook): keep what may be kept."""
    key = g.pop("private_cache_key", None)
    cache = _cache()
    tables = generations.reads.get()
    snapshot = g.get("generations_at_start")
    if key is None or cache is None or tables is None or snapshot is None:
        return response
    if not _may_store(response):
        return response
    body = response.get_data()
    kept = (tables | set(ACCOUNT_TABLES)) - SESSION_TABLES
    entry = Entry(
        status=response.status,
        headers=[(k, v) for k, v in response.headers.items() if k.lower() not in DROPPED_HEADERS],
        body=body,
        generations={t: cache.store.generation_in(snapshot, t) for t in sorted(kept)},
        stored_at=time.time(),
        etag="",
        read=g.get("page_cache_read"),
    )
    cache.store.put(key, entry, current_app.config.get("PRIVATE_PAGE_CACHE_SECONDS", 60))
    response.headers["X-Cache"] = "miss"
    return response


def _may_store(response) -> bool:
    if response.status_code != 200 or response.is_streamed or response.direct_passthrough:
        return False
    if "no-store" in (response.headers.get("Cache-Control") or ""):
        return False
    if response.headers.getlist("Set-Cookie"):
        return False
    if session.modified or "_flashes" in session or generations.writes_seen.get():
        return False
    return g.get("_login_user") is not None and not g._login_user.is_anonymous


def init_app(app: Flask) -> None:
    """Register after every other before_request hook (the checks come first) and after every
    other after_request hook (so that `store` runs first, on the view's own answer)."""
    app.before_request(look_up)
    app.after_request(store)
