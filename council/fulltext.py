"""Full-text search with the same results on SQLite and PostgreSQL, for any table that keeps a
`search_text` column (proposals, minutes).

Python fills `search_text` with the searchable parts folded to plain words: Unicode NFKC,
case-folded, diacritics and combining marks dropped (é→e, ş→s, أ→ا, Arabic vowel signs, the dot
of Turkish "İ"), invisible joiners dropped (a Persian plural with its zero-width non-joiner is
one word), every digit written 0–9, and anything that is not a letter or a digit turned
into a space. Searching is therefore case- and accent-insensitive in every language. Each
database then only has to split on spaces, so:

- SQLite: an FTS5 table `<table>_fts` (tokenizer unicode61 without diacritic removal) over
  `search_text`, kept in sync by triggers;
- PostgreSQL: `to_tsvector('simple', search_text)` with a GIN index ('simple' because the texts
  are in eight languages: no stemming, no stop words).

Each word is followed in the index by its stems (`council/stemming.py`), tagged with their
language: "logements" is indexed as `logements log0fr`. A query is folded the same way into
words; each word must appear in the text as a whole word, as the beginning of one ("loge" finds
"logement", "gement" does not), or through one of its stems ("logements" finds "logement",
"traducteurs" finds "traducteur"). Words are rebuilt from letters and digits only, so user input
can never inject query syntax. `title_rank()` orders title matches first.
"""

import unicodedata
from dataclasses import dataclass

from sqlalchemy import DDL, Table, case, column, event, func, literal_column, or_, text

from council.stemming import stem_tokens

MAX_WORD = 60  # longer "words" are noise (a pasted link, a hash) and break PostgreSQL's limits
MAX_QUERY_WORDS = 12


def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    if category.startswith("M"):  # accents, harakat, hamza above, the dot of Turkish İ
        return ""
    if category == "Cf":  # zero-width non-joiner of Persian plurals, soft hyphen: inside a word
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


def indexed_words(value: str | None, language: str | None = None) -> list[str]:
    """The words of `value` and, after each, its tagged stems in `language` (or in every
    language of its script when unknown)."""
    found = []
    for word in words(value):
        found.append(word)
        found.extend(stem_tokens(word, language))
    return found


def document_text(*parts, language: str | None = None) -> str:
    """The index of several texts; a part is a text in `language`, or a (text, language) pair."""
    found = []
    for part in parts:
        text_, part_language = part if isinstance(part, tuple) else (part, language)
        found.extend(indexed_words(text_, part_language))
    return " ".join(found)


def query_terms(query: str) -> list[tuple[str, list[str]]]:
    """Each query word with the tagged stems that may stand for it (any language of its
    script: the query's language is not known)."""
    return [(term, stem_tokens(term)) for term in words(query)[:MAX_QUERY_WORDS]]


def title_rank(search_title, query: str):
    """How many words of `query` the title has (`search_title` holds the title's indexed words
    between spaces): order by it, descending, to list title matches first."""
    points = [
        case((or_(search_title.like(f"% {term}%"),
                  *(search_title.like(f"% {token} %") for token in stems)), 1), else_=0)
        for term, stems in query_terms(query)
    ]  # fmt: skip
    return sum(points[1:], points[0]) if points else literal_column("0")


def title_text(*parts, language: str | None = None) -> str:
    """What `title_rank` reads: the indexed words of a title, each between spaces."""
    return f" {document_text(*parts, language=language)} "


@dataclass(frozen=True)
class FullTextIndex:
    """The index of one table's `search_text`: its DDL (the same statements are copied as is
    into the migration that created the table) and the clause that queries it."""

    table: Table

    @property
    def fts_table(self) -> str:
        return f"{self.table.name}_fts"

    @property
    def pg_index(self) -> str:
        return f"ix_{self.table.name}_search_text_tsv"

    def match_clause(self, query: str, dialect: str):
        """A WHERE clause selecting the rows matching every word of `query`, or None."""
        terms = query_terms(query)
        if not terms:
            return None
        row_id = self.table.c.id
        if dialect == "postgresql":
            tsquery = " & ".join(
                "(" + " | ".join([f"{term}:*", *stems]) + ")" for term, stems in terms
            )
            vector = func.to_tsvector(literal_column("'simple'"), self.table.c.search_text)
            return vector.op("@@")(func.to_tsquery(literal_column("'simple'"), tsquery))
        fts_query = " AND ".join(
            "(" + " OR ".join([f'"{term}"*', *(f'"{s}"' for s in stems)]) + ")"
            for term, stems in terms
        )
        fts = self.fts_table
        matching = text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :fts_query")
        return row_id.in_(matching.bindparams(fts_query=fts_query).columns(column("rowid")))

    def sqlite_ddl(self) -> list[str]:
        table, fts = self.table.name, self.fts_table
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, "
            f"content='{table}', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_text ON {table} "
            f"BEGIN INSERT INTO {fts}({fts}, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        ]

    def postgresql_ddl(self) -> list[str]:
        return [
            f"CREATE INDEX IF NOT EXISTS {self.pg_index} ON {self.table.name} "
            "USING gin (to_tsvector('simple', search_text))"
        ]

    def is_unmanaged(self, name: str | None, type_: str) -> bool:
        """Objects made by the DDL above: Alembic's autogenerate must neither add nor drop them."""
        if not name:
            return False
        return (type_ == "table" and name.startswith(self.fts_table)) or (
            type_ == "index" and name == self.pg_index
        )

    def create_with_table(self) -> "FullTextIndex":
        """`db.create_all()` (tests, fresh installs) makes the same objects as the migration."""
        for statement in self.sqlite_ddl():
            event.listen(self.table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
        drop = DDL(f"DROP TABLE IF EXISTS {self.fts_table}").execute_if(dialect="sqlite")
        event.listen(self.table, "before_drop", drop)
        for statement in self.postgresql_ddl():
            event.listen(
                self.table, "after_create", DDL(statement).execute_if(dialect="postgresql")
            )
        return self


INDEXES: list[FullTextIndex] = []


def register(table: Table) -> FullTextIndex:
    index = FullTextIndex(table).create_with_table()
    INDEXES.append(index)
    return index


def is_unmanaged(name: str | None, type_: str) -> bool:
    return any(index.is_unmanaged(name, type_) for index in INDEXES)
