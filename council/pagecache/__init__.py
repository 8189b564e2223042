"""Public pages served from a cache, never anything personal; conditional requests everywhere.

A GET by a visitor without an account (no login in the session cookie, no remember cookie, no
API token) is looked up by URL, host, language (`?lang=`, cookie or Accept-Language) and the
easy-read cookie before Flask runs at all. A page is stored only when it was rendered for such a
visitor, answered 200, set no cookie but the language ones and drew no CSRF token (a form for
visitors carries the token of one session: such pages are always rendered). Each entry keeps
the generations of the tables it read (council/pagecache/generations.py); any committed write
to one of them makes it stale at once, on every worker and machine sharing the store; a timer
(`PAGE_CACHE_SECONDS`) bounds its life in any case.

Every 200 answer to a GET carries an ETag (and cached ones a Last-Modified): a client that sends
it back gets a 304 without the body.

`PAGE_CACHE_URL`: `memory://` (this process; generations shared by the workers of one machine),
`redis://…` (every machine), or `off`. It defaults to REDIS_URL, else memory.
"""

import hashlib
import logging
import time
from email.utils import formatdate, parsedate_to_datetime

from flask import Flask, current_app, g, request
from werkzeug.http import dump_cookie, parse_cookie

from council.extensions import db
from council.i18n import LANG_COOKIE, LANG_COOKIE_MAX_AGE, anonymous_locale, normalise
from council.pagecache import generations
from council.pagecache.store import Entry, MemoryStore, RedisStore
from council.translations_content.operations import address_reader
from council.translations_content.read_tally import tally_read

log = logging.getLogger(__name__)
EASY_COOKIE = "easy_read"
REMEMBER_COOKIE = "remember_token"
# Session keys a visitor without an account may hold (a form's CSRF secret).
ANONYMOUS_SESSION_KEYS = {"csrf_token", "_permanent", "_fresh"}
NEVER_CACHED = {"static", "main.healthz"}
KEPT_COOKIES = (LANG_COOKIE + "=", EASY_COOKIE + "=")
DROPPED_HEADERS = {"set-cookie", "date", "content-length", "etag", "last-modified", "x-cache"}
VARY = "Cookie, Accept-Language"
ENVIRON_KEY = "council.page_cache_key"
API_PREFIX = "/api/"


def make_store(app: Flask):
    url = app.config.get("PAGE_CACHE_URL") or "off"
    if url == "off":
        return None
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url, prefix=app.config.get("PAGE_CACHE_PREFIX", "council:page:"))
    path = app.config.get("PAGE_CACHE_GENERATIONS") or app.instance_path + "/page-cache-generations"
    from pathlib import Path

    return MemoryStore(Path(path), app.config.get("PAGE_CACHE_MAX_BYTES", 32 * 2**20))


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def not_modified(environ, etag: str, last_modified: float | None) -> bool:
    asked = environ.get("HTTP_IF_NONE_MATCH")
    if asked:
        return etag in {tag.strip().removeprefix("W/") for tag in asked.split(",")} or (
            asked.strip() == "*"
        )
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since and last_modified:
        try:
            return parsedate_to_datetime(since).timestamp() >= int(last_modified)
        except (TypeError, ValueError):
            return False
    return False


class PageCache:
    """The WSGI layer in front of Flask: answers hits, marks misses that may be stored."""

    def __init__(self, app: Flask, store):
        self.app, self.store, self.wsgi_app = app, store, app.wsgi_app
        self.ttl = int(app.config.get("PAGE_CACHE_SECONDS", 300))
        self.session_cookie = app.config.get("SESSION_COOKIE_NAME", "session")

    # --- which requests -------------------------------------------------------------------

    def _is_anonymous(self, cookies) -> bool:
        if REMEMBER_COOKIE in cookies:
            return False
        raw = cookies.get(self.session_cookie)
        if not raw:
            return True
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        try:
            data = serializer.loads(raw)
        except Exception:  # a bad or expired cookie: Flask starts an empty session
            return True
        return set(data) <= ANONYMOUS_SESSION_KEYS

    def key_for(self, environ) -> str | None:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        path = environ.get("PATH_INFO", "")
        if path.startswith("/static/") or environ.get("HTTP_AUTHORIZATION"):
            return None
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        # The API never reads the session (council/api/auth.py): without a token, everyone
        # gets the public answer, whatever cookie the browser sends along.
        if not path.startswith(API_PREFIX) and not self._is_anonymous(cookies):
            return None
        query = environ.get("QUERY_STRING", "")
        asked = _arg(query, "lang")
        locale = anonymous_locale(
            asked, cookies.get(LANG_COOKIE), environ.get("HTTP_ACCEPT_LANGUAGE")
        )
        easy = _arg(query, "easy") or cookies.get(EASY_COOKIE, "")
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        scheme = environ.get("wsgi.url_scheme", "http")
        return f"{scheme}://{host}{path}?{query}|{locale}|{easy}"

    # --- answering ------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        key = self.key_for(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        entry = self.store.get(key)
        if entry is None:
            environ[ENVIRON_KEY] = key
            environ["council.page_cache_snapshot"] = self.store.snapshot()
            return self.wsgi_app(environ, start_response)
        if entry.read:
            # One reader per network address: reloading a stored page does not push it up.
            tally_read(*entry.read, address_reader(environ.get("REMOTE_ADDR") or ""))
        headers = list(entry.headers) + _cookies_to_set(environ)
        last_modified = formatdate(entry.stored_at, usegmt=True)
        headers += [("ETag", entry.etag), ("Last-Modified", last_modified), ("X-Cache", "hit")]
        if not_modified(environ, entry.etag, entry.stored_at):
            start_response("304 Not Modified", [h for h in headers if h[0] != "Content-Type"])
            return [b""]
        headers.append(("Content-Length", str(len(entry.body))))
        start_response(entry.status, headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]

    # --- storing (runs inside Flask, after every other after_request hook) ----------------

    def store_response(self, response):
        key = request.environ.get(ENVIRON_KEY)
        snapshot = request.environ.get("council.page_cache_snapshot")
        tables = generations.reads.get()
        if key is None or snapshot is None or tables is None or not self._may_store(response):
            return response
        body = response.get_data()
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in DROPPED_HEADERS]
        entry = Entry(
            status=response.status,
            headers=headers,
            body=body,
            generations={t: self.store.generation_in(snapshot, t) for t in sorted(tables)},
            stored_at=time.time(),
            etag=response.headers.get("ETag") or etag_of(body),  # the API makes its own
            read=g.get("page_cache_read"),
        )
        self.store.put(key, entry, self.ttl)
        response.headers["Last-Modified"] = formatdate(entry.stored_at, usegmt=True)
        response.headers["X-Cache"] = "miss"
        return response

    def _may_store(self, response) -> bool:
        if _signed_in():
            return False
        if response.status_code != 200 or response.is_streamed or response.direct_passthrough:
            return False
        if request.endpoint in NEVER_CACHED or "csrf_token" in g:
            return False
        if "no-store" in (response.headers.get("Cache-Control") or ""):
            return False
        cookies = response.headers.getlist("Set-Cookie")
        return all(cookie.startswith(KEPT_COOKIES) for cookie in cookies)


def _signed_in() -> bool:
    # `is_anonymous`, not `is_authenticated`: the latter reads the account again after a commit.
    user = g.get("_login_user")
    return user is not None and not user.is_anonymous


def _arg(query: str, name: str) -> str | None:
    if name + "=" not in query:
        return None
    for part in query.split("&"):
        if part.startswith(name + "="):
            return part[len(name) + 1 :]
    return None


def _cookies_to_set(environ) -> list[tuple[str, str]]:
    """The language and easy-read cookies Flask would set for this visitor on this URL."""
    query, cookies = environ.get("QUERY_STRING", ""), parse_cookie(environ.get("HTTP_COOKIE", ""))
    secure = environ.get("wsgi.url_scheme") == "https"
    found = []
    chosen = normalise(_arg(query, "lang"))
    if chosen and cookies.get(LANG_COOKIE) != chosen:
        found.append((LANG_COOKIE, chosen))
    easy = _arg(query, "easy")
    if easy in {"0", "1"} and cookies.get(EASY_COOKIE) != easy:
        found.append((EASY_COOKIE, easy))
    return [
        (
            "Set-Cookie",
            dump_cookie(
                name,
                value,
                max_age=LANG_COOKIE_MAX_AGE,
                samesite="Lax",
                httponly=True,
                secure=secure,
            ),
        )  # fmt: skip
        for name, value in found
    ]


def _start_tracking():
    # Every request starts afresh: only a request that may be stored collects its reads (a
    # visitor's page the WSGI layer missed, or any GET, which may be a signed-in person's).
    cache = current_app.extensions.get("page_cache")
    may_store = ENVIRON_KEY in request.environ or (
        cache is not None and request.method in ("GET", "HEAD")
    )
    generations.reads.set(set() if may_store else None)
    generations.writes_seen.set(False)
    if cache is not None:  # before any statement: what values computed later may rely on
        g.generations_at_start = request.environ.get("council.page_cache_snapshot")
        if g.generations_at_start is None:
            g.generations_at_start = cache.store.snapshot()


def _finish(response):
    response = _describe(response)
    cache = current_app.extensions.get("page_cache")
    if cache is not None:
        response = cache.store_response(response)
    generations.reads.set(None)
    if request.method in ("GET", "HEAD") and "ETag" in response.headers:
        response = response.make_conditional(request)
    return response


def _describe(response):
    """ETag on every successful GET; pages for a visitor are revalidated, a member's never
    stored (they show personal data: the next person at a shared phone could read them back,
    see council/security.py)."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.is_streamed or response.direct_passthrough:
        return response
    if _signed_in():
        response.headers.setdefault("Cache-Control", "private, no-store")
    else:
        response.vary.update(("Cookie", "Accept-Language"))
        response.headers.setdefault("Cache-Control", "no-cache")
    if "ETag" not in response.headers:
        response.headers["ETag"] = etag_of(response.get_data())
    return response


def init_app(app: Flask) -> None:
    """Register first: the store hook then runs after every other after_request hook."""
    app.before_request(_start_tracking)
    app.after_request(_finish)
    store = make_store(app)
    if store is None:
        return
    with app.app_context():
        generations.watch(db.engine, store.bump)
    cache = PageCache(app, store)
    app.extensions["page_cache"] = cache
    app.wsgi_app = cache
