"""A real HTTP server on loopback that records what it receives (run in a thread)."""

import http.server
import threading
from contextlib import contextmanager


class Receiver:
    def __init__(self):
        self.requests = []  # (path, headers, raw body)
        self.statuses = []  # answers to give, in order; 200 once they run out

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


@contextmanager
def receiver():
    state = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 — the http.server naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append((self.path, dict(self.headers), body))
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            if status in (301, 302):
                self.send_header("Location", "http://169.254.169.254/latest/meta-data")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
