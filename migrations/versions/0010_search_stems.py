"""search finds word forms: stems in the index, title words kept apart for ranking

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 07:00:00

`proposals.search_title` and `minutes.search_title` hold the title's indexed words (title
matches are listed first), and every `search_text` is rebuilt with the stems of its words
(council/fulltext.py, council/stemming.py): "logements" now finds "logement". Proposals are
rebuilt from their texts and translations, each in its language; minutes from their indexed
words (their language is not recorded there), and their title from the meeting's.

On SQLite the columns are added and dropped with ALTER TABLE (no batch "recreate", which would
lose the full-text triggers of `proposals`, see 0008). `flask search reindex` does the same
rebuild from the records at any time.
"""

import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("proposals", "minutes")
STEM_TOKEN = re.compile(r"0(?:fr|en|tr|ru|uk|ar|fa|ps)$")  # an index made by this revision


def upgrade():
    for table in TABLES:
        op.add_column(table, sa.Column("search_title", sa.Text(), nullable=False,
                                       server_default=""))  # fmt: skip
    reindex(op.get_bind())


def reindex(bind):
    from council.fulltext import document_text, title_text

    translations = {}
    rows = bind.execute(sa.text(
        "SELECT subject_id, field, locale, text FROM content_translations "
        "WHERE subject_kind = 'proposal' ORDER BY id"
    ))  # fmt: skip
    for subject_id, field, locale, text in rows:
        translations.setdefault(subject_id, []).append((field, text, locale))
    proposals = bind.execute(
        sa.text("SELECT id, title, body, summary, language FROM proposals")
    ).all()
    for proposal_id, title, body, summary, language in proposals:
        translated = translations.get(proposal_id, [])
        bind.execute(
            sa.text("UPDATE proposals SET search_text = :text, search_title = :title "
                    "WHERE id = :id"),
            {
                "id": proposal_id,
                "text": document_text(title, body, summary,
                                      *((t, loc) for _f, t, loc in translated), language=language),
                "title": title_text(title, *((t, loc) for f, t, loc in translated if f == "title"),
                                    language=language),
            },
        )  # fmt: skip
    minutes = bind.execute(sa.text(
        "SELECT minutes.id, minutes.search_text, meetings.title FROM minutes "
        "JOIN meetings ON meetings.id = minutes.meeting_id WHERE minutes.search_text <> ''"
    )).all()  # fmt: skip
    for minutes_id, words, title in minutes:
        bind.execute(
            sa.text("UPDATE minutes SET search_text = :text, search_title = :title WHERE id = :id"),
            {"id": minutes_id, "title": title_text(title), "text": document_text(
                " ".join(w for w in words.split() if not STEM_TOKEN.search(w)))},  # fmt: skip
        )


def downgrade():
    # The stems stay in search_text: the older code still finds every word and its beginning.
    for table in TABLES:
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_title")
        else:
            op.drop_column(table, "search_title")
