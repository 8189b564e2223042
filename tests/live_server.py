"""A real HTTP server (werkzeug, threaded) around the test app, and a tiny browser for it."""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from werkzeug.serving import make_server

from tests.conftest import CSRF_INPUT, PASSWORD
from tests.two_factor_helpers import code_for


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # we want to see the 302/303 itself


class Browser:
    """Cookies and CSRF like a browser; responses are (status, body) and never followed."""

    def __init__(self, base_url: str):
        self.base = base_url
        self.last_location: str | None = None  # path of the last redirect
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 — always http://127.0.0.1
            self.base + path, data=body, headers={"Accept-Language": "en"}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location") or ""
            self.last_location = urllib.parse.urlsplit(location).path or None
            return error.code, error.read().decode()

    def csrf_token(self, path: str) -> str:
        match = CSRF_INPUT.search(self.request(path)[1])
        assert match, path
        return match.group(1) or match.group(2)

    def login(self, email: str) -> None:
        """The password, then the app's code when the account has a second factor."""
        token = self.csrf_token("/login")
        status, _ = self.request(
            "/login", {"csrf_token": token, "email": email, "password": PASSWORD}
        )
        assert status == 302, f"login of {email} failed"
        if self.last_location == "/login/code":
            token = self.csrf_token("/login/code")
            status, _ = self.request("/login/code", {"csrf_token": token, "code": code_for(email)})
            assert status == 302, f"second factor of {email} refused"

    def flash_after(self, path: str) -> str:
        found = re.findall(r'<p class="flash[^"]*"[^>]*>([^<]*)</p>', self.request(path)[1])
        return " ".join(found)
