"""Proposals' texts can be translated (council/translations_content/registry.py); their
translations are part of what the proposals search finds."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from council.extensions import db
from council.proposals.models import BODY_MAX, SUMMARY_MAX, TITLE_MAX, Proposal
from council.proposals.operations import proposal_link
from council.proposals.permissions import can_view_proposal
from council.proposals.search import index_columns
from council.translations_content.registry import TextField, register_translatable

FIELDS = (
    TextField("title", _l("Title"), TITLE_MAX, multiline=False),
    # The proposal's summary is its easy-read (FALC) version: each language gets its own.
    TextField("easy_read", _l("Easy-read summary"), SUMMARY_MAX, attr="summary", easy_read=True),
    TextField("body", _l("Text of the proposal"), BODY_MAX, markdown=True),
)


def reindex(proposal: Proposal) -> None:
    """The words the search indexes: the original and every translation of it."""
    columns = index_columns(
        proposal.id, proposal.title, proposal.body, proposal.summary, proposal.language
    )
    for name, value in columns.items():
        setattr(proposal, name, value)
    db.session.flush()


def authors_of(proposal: Proposal) -> list[int | None]:
    return [proposal.author_id, *(row.user_id for row in proposal.confirmed_coauthors)]


def recent(limit: int) -> list[Proposal]:
    return db.session.scalars(
        select(Proposal).order_by(Proposal.last_activity_at.desc()).limit(limit)
    ).all()


def register() -> None:
    register_translatable(
        "proposal",
        label=_l("Proposal"),
        loader=lambda proposal_id: db.session.get(Proposal, proposal_id),
        fields=FIELDS,
        can_read=can_view_proposal,
        language_of=lambda proposal, field: proposal.language,
        url_of=proposal_link,
        title_of=lambda proposal: proposal.title,
        authors_of=authors_of,
        recent=recent,
        on_change=reindex,
    )
