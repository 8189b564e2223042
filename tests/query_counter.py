"""Counting the SQL statements one request sends to the database.

    with count_queries() as queries:
        client.get("/proposals/1")
    assert len(queries) <= 20, queries.report()

Every statement the engine executes while the block runs is recorded (the request runs in the
same process as the test), so a page that grows one query per comment shows it plainly.
"""

from collections import Counter
from contextlib import contextmanager

from sqlalchemy import event

from council.extensions import db


class Queries(list):
    """The statements seen, in order."""

    def listing(self) -> str:
        """Every statement in order, shortened: where a repeated one comes from."""
        return "\n".join(f"{n:>3}. {' '.join(s.split())[:160]}" for n, s in enumerate(self, 1))

    def report(self) -> str:
        """The statements grouped by text, most repeated first: an N+1 stands out."""
        counts = Counter(" ".join(statement.split())[:300] for statement in self)
        lines = [f"{n:>3} × {text}" for text, n in counts.most_common()]
        return f"{len(self)} statements:\n" + "\n".join(lines)


@contextmanager
def count_queries():
    queries = Queries()

    def record(conn, cursor, statement, parameters, context, executemany):
        queries.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield queries
    finally:
        event.remove(engine, "before_cursor_execute", record)


def queries_of(client, url: str, **kwargs) -> Queries:
    """The statements of one GET, which must succeed."""
    with count_queries() as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return queries
