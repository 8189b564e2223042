"""`flask db upgrade` on a new database prints one log line per migration and nothing else (a
migration whose title ran over two lines once printed a stray "List-Unsubscribe")."""

import os
import subprocess
import sys


def test_db_upgrade_prints_one_line_per_migration(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/new.db",
        "COUNCIL_ENV": "development",
    }
    env.pop("FLASK_APP", None)
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "council:create_app", "db", "upgrade"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = (done.stdout + done.stderr).splitlines()
    upgrades = [line for line in lines if "Running upgrade" in line]
    assert len(upgrades) >= 9
    assert [line for line in lines if not line.startswith("INFO  [alembic")] == []
