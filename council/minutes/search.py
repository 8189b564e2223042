"""Full-text search over published minutes, the same way as proposals (see
`council/fulltext.py`): they find the same minutes for the same query on both databases."""

from sqlalchemy import select

from council.extensions import db
from council.fulltext import document_text, register, title_rank
from council.meetings.models import Meeting
from council.minutes.models import Minutes, MinutesState

__all__ = ["document_text", "search_minutes"]

INDEX = register(Minutes.__table__)
MAX_RESULTS = 50


def search_minutes(query: str) -> list[Minutes]:
    """Published minutes whose text has every word of `query` (whole words, their start or
    another form of them), those whose meeting title has them first, then the most recent
    meeting first. Empty or punctuation-only queries find nothing."""
    clause = INDEX.match_clause(query, db.session.get_bind().dialect.name)
    if clause is None:
        return []
    statement = (
        select(Minutes)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Minutes.state == MinutesState.PUBLISHED, clause)
        .order_by(
            title_rank(Minutes.search_title, query).desc(),
            Meeting.starts_at.desc(),
            Minutes.id.desc(),
        )
        .limit(MAX_RESULTS)
    )
    return list(db.session.scalars(statement))
