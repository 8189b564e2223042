"""Row locks that behave the same on PostgreSQL and SQLite.

PostgreSQL: `SELECT … FOR UPDATE` locks the row until commit. SQLite has no row locks: an
UPDATE of the row first takes the database write lock (waiting under busy_timeout instead of
failing), so nothing else can write until commit, and what we read next is current.
"""

from sqlalchemy import select, update

from council.extensions import db


def lock_row(model, row_id: int):
    """Lock and reload one row; None when it does not exist."""
    session = db.session
    if session.get_bind().dialect.name != "postgresql":
        key = model.__mapper__.primary_key[0]
        session.execute(update(model).where(key == row_id).values({key.name: key}))
    query = select(model).where(model.__mapper__.primary_key[0] == row_id)
    return session.scalar(query.with_for_update().execution_options(populate_existing=True))
