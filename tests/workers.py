"""What keeps parallel test runs apart: `make test` runs the suite in several processes
(pytest-xdist workers gw0, gw1, …), and several people may run it on one machine.

- PostgreSQL: each worker has its own database, `<TEST_DATABASE_URL's database>_gw0`, … (made
  on first use); SQLite: each worker's file lies in its own temporary folder already.
- Redis: every application a test starts on Redis gets key prefixes of its own
  (`redis_prefix`), so that resetting its counters or clearing its page cache never touches
  another worker's, or another run's, keys.
"""

import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# "gw0", "gw1", … in a worker; "" when the suite runs in one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

# The Redis the tests that need one use (CI exports REDIS_URL; TEAM.md gives each engineer a
# database number of their own).
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_prefix(what: str) -> str:
    """A key prefix no other test, worker or run uses."""
    return f"council-test-{WORKER or 'main'}-{uuid.uuid4().hex[:12]}-{what}"


def worker_database(url: str) -> str:
    """This worker's own PostgreSQL database next to `url` (created if missing); `url` itself
    without workers or on SQLite."""
    parsed = make_url(url)
    if not WORKER or parsed.get_backend_name() != "postgresql":
        return url
    name = f"{parsed.database}_{WORKER}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)
