"""Full-text search over proposals (title, body, summary and their translations), the same on
SQLite and PostgreSQL: see `council/fulltext.py` for how texts are folded and indexed."""

from council.fulltext import MAX_QUERY_WORDS, document_text, register, words
from council.proposals.models import Proposal

__all__ = ["MAX_QUERY_WORDS", "document_text", "match_clause", "words"]

INDEX = register(Proposal.__table__)


def match_clause(query: str, dialect: str):
    """A WHERE clause selecting proposals matching every word of `query`, or None."""
    return INDEX.match_clause(query, dialect)
