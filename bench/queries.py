"""SQL statements per page on the demo data: the benchmark's pages, read once each, in process.

Builds a fresh database with the demo data (SQLite, or DATABASE_URL), then counts the statements
each page of bench/run.py sends, as the public and as a council member of the demo.

    .venv/bin/python bench/queries.py [--show /proposals/1]   (--show lists that page's statements)
"""

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXTRA_PAGES = ["/referrals/1"]


def main() -> None:
    from bench.run import PAGES, demo_instance

    parser = argparse.ArgumentParser()
    parser.add_argument("--show", help="list the statements of this page (public reader)")
    args = parser.parse_args()

    _workdir, env = demo_instance("council-queries-")
    os.environ.update(env)

    from council import create_app
    from council.accounts.models import User
    from council.extensions import db
    from council.roles import Role

    app = create_app()
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        member = db.session.scalar(
            select(User).where(User.role_rows.any(role=Role.MEMBER)).order_by(User.id)
        )
        member_key = f"{member.id}:{member.session_version}"
        db.session.remove()
    # Production cookies are Secure: the clients speak HTTPS to send them back.
    public = app.test_client()
    signed_in = app.test_client()
    public.environ_base["wsgi.url_scheme"] = signed_in.environ_base["wsgi.url_scheme"] = "https"
    with signed_in.session_transaction() as session:  # the member's session, without a password
        session["_user_id"] = member_key
        session["_fresh"] = True
    print(f"{'page':<26}{'public':>8}{'member':>8}")
    for page in [*PAGES, *EXTRA_PAGES]:
        counts = []
        for client in (public, signed_in):
            statements.clear()
            status = client.get(page).status_code
            counts.append(f"{len(statements)}" if status == 200 else f"({status})")
        print(f"{page:<26}{counts[0]:>8}{counts[1]:>8}")
    if args.show:
        statements.clear()
        public.get(args.show)
        for number, statement in enumerate(statements, 1):
            print(f"{number:>3}. {' '.join(statement.split())[:150]}")


if __name__ == "__main__":
    main()
