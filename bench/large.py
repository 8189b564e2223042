"""Grow a council's record to the size of years of use, fast: 10,000 public proposals and
60,000 comments (400 of them on proposal 1), written with bulk inserts.

Used by the benchmark (`make bench`, the "large" record) and by tests/test_large_record.py,
which proves that the busiest pages send as many SQL statements on this record as on the demo.

    grow_record(proposals=10_000, comments=60_000, on_first=400)   # inside an app context
"""

from datetime import timedelta
from functools import cache

from sqlalchemy import func, insert, select

from council.comments.models import Comment
from council.db_types import utcnow
from council.extensions import db
from council.fulltext import document_text
from council.proposals.models import Proposal, ProposalState, Theme

BATCH = 2_000
WORDS = ["logement", "transport", "santé", "école", "bibliothèque", "traduction", "accueil",
         "marché", "parc", "quartier", "emploi", "formation", "culture", "sport", "jeunesse",
         "permanence", "droits", "langues", "piscine", "vélo"]  # fmt: skip


def _title(number: int) -> str:
    first, second = WORDS[number % len(WORDS)], WORDS[(number // len(WORDS)) % len(WORDS)]
    return f"Proposition {number} : {first} et {second}"


def _rows_in_batches(rows):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def grow_record(proposals: int = 10_000, comments: int = 60_000, on_first: int = 400) -> int:
    """Add `proposals` submitted proposals and `comments` top-level comments (`on_first` on
    the first public proposal, the rest spread over the new ones). Returns the id of the
    proposal with `on_first` comments."""
    authors = db.session.scalars(select(func.min(Proposal.author_id))).all()
    author_id = authors[0] if authors and authors[0] else None
    theme_ids = db.session.scalars(select(Theme.id)).all()
    first = db.session.scalar(
        select(func.min(Proposal.id)).where(Proposal.state != ProposalState.DRAFT)
    )
    now = utcnow()
    start = now - timedelta(days=3650)

    @cache
    def indexed(word: str) -> str:  # the vocabulary is small: stem each word once
        return document_text(word, language="fr")

    def proposal(number: int) -> dict:
        title, body = _title(number), f"Texte de la proposition {number}. " + " ".join(WORDS[:8])
        at = start + timedelta(minutes=5 * number)
        index = " ".join(indexed(word) for word in f"{title} {body}".split())
        return {
            "title": title, "body": body, "language": "fr",
            "theme_id": theme_ids[number % len(theme_ids)], "author_id": author_id,
            "state": ProposalState.SUBMITTED, "created_at": at, "submitted_at": at,
            "last_activity_at": at, "version": 1, "search_text": index,
            "search_title": " " + " ".join(indexed(word) for word in title.split()) + " ",
        }  # fmt: skip

    for batch in _rows_in_batches(proposal(n) for n in range(proposals)):
        db.session.execute(insert(Proposal), batch)
    new_ids = db.session.scalars(
        select(Proposal.id).order_by(Proposal.id.desc()).limit(proposals)
    ).all()
    first = first or new_ids[-1]

    def comment(number: int) -> dict:
        # The last `on_first` comments, the latest, are on the first proposal: "Avis numéro
        # 0." to "Avis numéro 399.", one minute apart, up to a minute ago.
        on_it = number - (comments - on_first)
        subject = first if on_it >= 0 else new_ids[number % len(new_ids)]
        return {
            "subject_kind": "proposal", "subject_id": subject, "author_id": author_id,
            "body": f"Avis numéro {on_it if on_it >= 0 else number}.", "language": "fr",
            "created_at": now - timedelta(minutes=comments - number), "pending_review": False,
        }  # fmt: skip

    for batch in _rows_in_batches(comment(n) for n in range(comments)):
        db.session.execute(insert(Comment), batch)
    db.session.commit()
    return first
