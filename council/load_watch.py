"""A watch for views that load expired state after their commit (for tests).

A commit expires every object of the session; reading one afterwards (the signed-in person's
name in the page, the comment just saved) sends a new query. If the database went away in
between, the person gets an error page for a change that was saved. Views therefore read what
they show before committing, or redirect.

With LOAD_WATCH on (tests turn it on for the bad-input walk), each column or relationship load
that follows a commit made by the view (or after it) in the same request is recorded in
`loads_after_commit`. Loads outside requests (commands, tests' own queries) are not watched.
"""

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

loads_after_commit: list[tuple[str, str]] = []  # (endpoint, what was loaded)


def _watching() -> bool:
    return has_request_context() and bool(current_app.config.get("LOAD_WATCH"))


@event.listens_for(Session, "after_commit")
def _committed(session) -> None:
    if _watching():
        g.load_watch_committed = True


@event.listens_for(Session, "do_orm_execute")
def _loading(state: ORMExecuteState) -> None:
    if not (state.is_column_load or state.is_relationship_load):
        return
    if not _watching() or not g.get("load_watch_committed"):
        return
    loaded = ", ".join(sorted({mapper.class_.__name__ for mapper in state.all_mappers}))
    kind = "columns" if state.is_column_load else "relationship"
    loads_after_commit.append((request.endpoint or request.path, f"{loaded} ({kind})"))


def _view_starts() -> None:
    # Commits of the hooks before the view (a session renewed) do not count: the view has not
    # changed anything yet, and it reads what it shows after them.
    g.load_watch_committed = False


def init_app(app: Flask) -> None:
    """Call after every other before_request hook is registered."""
    app.config.setdefault("LOAD_WATCH", False)
    app.before_request(_view_starts)
