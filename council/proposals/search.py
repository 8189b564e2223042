"""Full-text search over proposals, with the same results on SQLite and PostgreSQL.

Both databases index `proposals.search_text`, which Python fills with the title, body and
summary folded to plain words: Unicode NFKC, case-folded, diacritics and combining marks
dropped (é→e, ş→s, أ→ا, Arabic vowel signs, the dot of Turkish "İ"), every digit written 0–9,
and anything that is not a letter or a digit turned into a space. Searching is therefore
case- and accent-insensitive in every language. Each database then only has to split on spaces, so:

- SQLite: an FTS5 table `proposals_fts` (tokenizer unicode61 without diacritic removal) over
  `search_text`, kept in sync by triggers;
- PostgreSQL: `to_tsvector('simple', search_text)` with a GIN index ('simple' because the texts
  are in eight languages: no stemming, no stop words).

A query is folded the same way into words; each word must appear in the proposal as a whole
word or as the beginning of one ("loge" finds "logement", "gement" does not). Words are
rebuilt from letters and digits only, so user input can never inject query syntax.
"""

import unicodedata

from sqlalchemy import DDL, column, event, func, literal_column, text

from council.proposals.models import Proposal

FTS_TABLE = "proposals_fts"
PG_INDEX = "ix_proposals_search_text_tsv"
MAX_WORD = 60  # longer "words" are noise (a pasted link, a hash) and break PostgreSQL's limits
MAX_QUERY_WORDS = 12


def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    if category.startswith("M"):  # accents, harakat, hamza above, the dot of Turkish İ
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(char))  # Arabic-Indic and Persian digits → 0–9
    if char.isalnum():
        return char
    return " "


def words(value: str | None) -> list[str]:
    folded = unicodedata.normalize("NFKC", value or "").casefold()
    folded = unicodedata.normalize("NFKD", folded)
    plain = "".join(_fold_char(char) for char in folded)
    return [word for word in plain.split() if len(word) <= MAX_WORD]


def document_text(*parts: str | None) -> str:
    return " ".join(word for part in parts for word in words(part))


def match_clause(query: str, dialect: str):
    """A WHERE clause selecting proposals matching every word of `query`, or None."""
    terms = words(query)[:MAX_QUERY_WORDS]
    if not terms:
        return None
    if dialect == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        return _pg_vector().op("@@")(func.to_tsquery(literal_column("'simple'"), tsquery))
    fts_query = " AND ".join(f'"{term}"*' for term in terms)
    matching = text("SELECT rowid FROM proposals_fts WHERE proposals_fts MATCH :fts_query")
    return Proposal.id.in_(matching.bindparams(fts_query=fts_query).columns(column("rowid")))


def _pg_vector():
    return func.to_tsvector(literal_column("'simple'"), Proposal.search_text)


# Plain SQL, copied as is into migration 0002.
SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS proposals_fts USING fts5(search_text, "
    "content='proposals', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS proposals_fts_insert AFTER INSERT ON proposals BEGIN "
    "INSERT INTO proposals_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS proposals_fts_delete AFTER DELETE ON proposals BEGIN "
    "INSERT INTO proposals_fts(proposals_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS proposals_fts_update AFTER UPDATE OF search_text ON proposals "
    "BEGIN INSERT INTO proposals_fts(proposals_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO proposals_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS proposals_fts"]
POSTGRESQL_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_proposals_search_text_tsv ON proposals "
    "USING gin (to_tsvector('simple', search_text))"
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS ix_proposals_search_text_tsv"]


def is_unmanaged(name: str | None, type_: str) -> bool:
    """Objects made by the DDL above: Alembic's autogenerate must neither add nor drop them."""
    if not name:
        return False
    return (type_ == "table" and name.startswith(FTS_TABLE)) or (
        type_ == "index" and name == PG_INDEX
    )


def _listen() -> None:
    # `db.create_all()` (tests, fresh installs) makes the same objects as migration 0002.
    table = Proposal.__table__
    for statement in SQLITE_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in SQLITE_DROP:
        event.listen(table, "before_drop", DDL(statement).execute_if(dialect="sqlite"))
    for statement in POSTGRESQL_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))


_listen()
