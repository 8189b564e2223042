"""A real HTTP server (werkzeug, threaded) around the test app, and a tiny browser for it."""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from werkzeug.serving import make_server

from tests.conftest import CSRF_INPUT, PASSWORD


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
            return error.code, error.read().decode()

    def csrf_token(self, path: str) -> str:
        match = CSRF_INPUT.search(self.request(path)[1])
        assert match, path
        return match.group(1) or match.group(2)

    def login(self, email: str) -> None:
        token = self.csrf_token("/login")
        status, _ = self.request(
            "/login", {"csrf_token": token, "email": email, "password": PASSWORD}
        )
        assert status == 302, f"login of {email} failed"

    def flash_after(self, path: str) -> str:
        found = re.findall(r'<p class="flash[^"]*"[^>]*>([^<]*)</p>', self.request(path)[1])
        return " ".join(found)
