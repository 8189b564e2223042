"""The application served by a real HTTP server (werkzeug) in a thread, on its own database."""

import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from config import TestingConfig
from council import create_app
from council.extensions import db


@dataclass
class LiveServer:
    app: Flask
    server: BaseWSGIServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    @property
    def origin_host(self) -> str:
        return f"127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def start_live_server(workdir: Path) -> LiveServer:
    """Create a fresh SQLite database, load the demo council into it, and serve it.

    Browser tests always use a temporary SQLite file: what they check (markup, focus, layout)
    does not depend on the database, and the PostgreSQL behaviour is covered by the rest of
    the suite.
    """
    app = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'browser.db'}",
            "INSTANCE_DIR": workdir,
        },
    )
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    # Port 0: the system picks a free port, so parallel runs never collide.
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    return LiveServer(app=app, server=server, thread=thread)
