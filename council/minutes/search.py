"""Full-text search over published minutes, the same way as proposals (see
`council/proposals/search.py`): Python folds the text into plain words stored in
`minutes.search_text`; SQLite indexes it with FTS5, PostgreSQL with `to_tsvector('simple', …)`.
Both only split on spaces, so they find the same minutes for the same query.
"""

from sqlalchemy import DDL, column, event, func, literal_column, select, text

from council.extensions import db
from council.minutes.models import Minutes, MinutesState
from council.proposals.search import MAX_QUERY_WORDS, document_text, words

__all__ = ["document_text", "search_minutes"]

FTS_TABLE = "minutes_fts"
PG_INDEX = "ix_minutes_search_text_tsv"
MAX_RESULTS = 50


def match_clause(query: str, dialect: str):
    """A WHERE clause selecting minutes matching every word of `query`, or None."""
    terms = words(query)[:MAX_QUERY_WORDS]
    if not terms:
        return None
    if dialect == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        vector = func.to_tsvector(literal_column("'simple'"), Minutes.search_text)
        return vector.op("@@")(func.to_tsquery(literal_column("'simple'"), tsquery))
    fts_query = " AND ".join(f'"{term}"*' for term in terms)
    matching = text("SELECT rowid FROM minutes_fts WHERE minutes_fts MATCH :fts_query")
    return Minutes.id.in_(matching.bindparams(fts_query=fts_query).columns(column("rowid")))


def search_minutes(query: str) -> list[Minutes]:
    """Published minutes whose text has every word of `query` (whole words or their start),
    most recent meeting first. Empty or punctuation-only queries find nothing."""
    from council.meetings.models import Meeting

    clause = match_clause(query, db.session.get_bind().dialect.name)
    if clause is None:
        return []
    statement = (
        select(Minutes)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Minutes.state == MinutesState.PUBLISHED, clause)
        .order_by(Meeting.starts_at.desc(), Minutes.id.desc())
        .limit(MAX_RESULTS)
    )
    return list(db.session.scalars(statement))


# Plain SQL, copied as is into migration 0005.
SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS minutes_fts USING fts5(search_text, "
    "content='minutes', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS minutes_fts_insert AFTER INSERT ON minutes BEGIN "
    "INSERT INTO minutes_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS minutes_fts_delete AFTER DELETE ON minutes BEGIN "
    "INSERT INTO minutes_fts(minutes_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS minutes_fts_update AFTER UPDATE OF search_text ON minutes "
    "BEGIN INSERT INTO minutes_fts(minutes_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO minutes_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS minutes_fts"]
POSTGRESQL_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_minutes_search_text_tsv ON minutes "
    "USING gin (to_tsvector('simple', search_text))"
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS ix_minutes_search_text_tsv"]


def is_unmanaged(name: str | None, type_: str) -> bool:
    """Objects made by the DDL above: Alembic's autogenerate must neither add nor drop them."""
    if not name:
        return False
    return (type_ == "table" and name.startswith(FTS_TABLE)) or (
        type_ == "index" and name == PG_INDEX
    )


def _listen() -> None:
    table = Minutes.__table__
    for statement in SQLITE_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in SQLITE_DROP:
        event.listen(table, "before_drop", DDL(statement).execute_if(dialect="sqlite"))
    for statement in POSTGRESQL_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))


_listen()
