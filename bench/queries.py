"""SQL statements per page: the benchmark's pages, read once each, in process, uncached.

Without COUNCIL_INSTANCE_DIR it builds a fresh database with the demo data (SQLite, or
DATABASE_URL); with it (as bench/run.py calls it) it reads that instance's database. Counts the
statements each page sends as the public and as a council member of the demo.

    .venv/bin/python bench/queries.py [--show /proposals/1] [--json] [--pages / /proposals/]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXTRA_PAGES = ["/referrals/1"]


def _member_key(app) -> str:
    from council.accounts.models import User
    from council.accounts.session import new_session_row
    from council.extensions import db
    from council.roles import Role

    with app.app_context():
        member = db.session.scalar(
            select(User).where(User.role_rows.any(role=Role.MEMBER)).order_by(User.id)
        )
        # Sessions live on the server (council/accounts/session.py): store one for the member.
        _row, key = new_session_row(member)
        db.session.commit()
        db.session.remove()
    return key


def member_cookie() -> str:
    """`session=<signed value>`: the first demo member's session, without a password."""
    from council import create_app

    app = create_app()
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": _member_key(app), "_fresh": True})
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def render_milliseconds(client, page: str, times: int = 7) -> float:
    """The median time to render `page` uncached, in this process (no HTTP, no server): what a
    page costs the first time a person opens it, before any cache can help."""
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        client.get(page)
        spent.append((time.perf_counter() - start) * 1000)
    return statistics.median(spent)


def main() -> None:
    from bench.run import PAGES, demo_instance

    parser = argparse.ArgumentParser()
    parser.add_argument("--show", help="list the statements of this page (public reader)")
    parser.add_argument("--json", action="store_true", help="print {page: {role: count}}")
    parser.add_argument("--pages", nargs="*", default=[*PAGES, *EXTRA_PAGES])
    args = parser.parse_args()

    if not os.environ.get("COUNCIL_INSTANCE_DIR"):
        _workdir, env = demo_instance("council-queries-")
        os.environ.update(env)

    from council import create_app
    from council.extensions import db

    app = create_app(overrides={"PAGE_CACHE_URL": "off"})
    # The test client's requests name "localhost", which production settings do not trust.
    app.config["TRUSTED_HOSTS"] = [*(app.config.get("TRUSTED_HOSTS") or []), "localhost"]
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    member_key = _member_key(app)
    # Production cookies are Secure: the clients speak HTTPS to send them back.
    public = app.test_client()
    signed_in = app.test_client()
    public.environ_base["wsgi.url_scheme"] = signed_in.environ_base["wsgi.url_scheme"] = "https"
    with signed_in.session_transaction() as session:  # the member's session, without a password
        session["_user_id"] = member_key
        session["_fresh"] = True
    counts, render = {}, {}
    for page in args.pages:
        counts[page], render[page] = {}, {}
        for role, client in (("public", public), ("member", signed_in)):
            statements.clear()
            status = client.get(page).status_code
            counts[page][role] = len(statements) if status == 200 else f"({status})"
            render[page][role] = render_milliseconds(client, page)
    if args.json:
        print(json.dumps({"statements": counts, "render_ms": render}))
        return
    print(f"{'page':<26}{'public':>8}{'member':>8}{'public ms':>11}{'member ms':>11}")
    for page, by_role in counts.items():
        times = render[page]
        print(f"{page:<26}{by_role['public']:>8}{by_role['member']:>8}"
              f"{times['public']:>11.1f}{times['member']:>11.1f}")  # fmt: skip
    if args.show:
        statements.clear()
        public.get(args.show)
        for number, statement in enumerate(statements, 1):
            print(f"{number:>3}. {' '.join(statement.split())[:150]}")


if __name__ == "__main__":
    main()
