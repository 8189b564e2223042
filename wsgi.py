"""Entry point for gunicorn: `gunicorn wsgi:app` (production configuration by default)."""

import os

os.environ.setdefault("COUNCIL_ENV", "production")

from council import create_app  # noqa: E402

app = create_app()
