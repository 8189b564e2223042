"""Full-text search over proposals (title, body, summary and their translations), the same on
SQLite and PostgreSQL: see `council/fulltext.py` for how texts are folded and indexed."""

from council.fulltext import MAX_QUERY_WORDS, document_text, register, title_rank, title_text, words
from council.proposals.models import Proposal
from council.translations_content.queries import translated_texts

__all__ = ["MAX_QUERY_WORDS", "document_text", "index_columns", "match_clause", "rank", "words"]

INDEX = register(Proposal.__table__)


def index_columns(proposal_id: int | None, title, body, summary, language) -> dict:
    """`search_text` (the texts and every translation) and `search_title` (the title and its
    translations, for ranking), each word stemmed in the language it is written in."""
    return {
        "search_text": document_text(
            title, body, summary, *translated_texts("proposal", proposal_id), language=language
        ),
        "search_title": title_text(
            title, *translated_texts("proposal", proposal_id, "title"), language=language
        ),
    }


def rank(query: str):
    """Title matches first (see `council.fulltext.title_rank`)."""
    return title_rank(Proposal.search_title, query)


def match_clause(query: str, dialect: str):
    """A WHERE clause selecting proposals matching every word of `query`, or None."""
    return INDEX.match_clause(query, dialect)
