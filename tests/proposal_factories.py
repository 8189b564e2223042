"""Building proposals for tests through the real operations (no shortcuts into the tables)."""

from sqlalchemy import func, select

from council.extensions import db
from council.proposals import operations, support
from council.proposals.models import Proposal, Theme
from council.proposals.themes import create_theme


def a_theme(name="Logement", **translations) -> Theme:
    theme = db.session.scalar(select(Theme).where(Theme.name == name))
    if theme is None:
        theme = create_theme(name, translations)
        db.session.commit()
    return theme


def a_draft(author, title="Des logements pour tous", body="Nous proposons **plus** de logements.",
            language="fr", theme=None, summary=None, services=()) -> Proposal:  # fmt: skip
    proposal = operations.create_proposal(
        author, title, body, theme or a_theme(), language, summary, services
    )
    db.session.commit()
    return proposal


def a_submitted(author, cosigners, **kwargs) -> Proposal:
    proposal = a_draft(author, **kwargs)
    operations.open_for_support(proposal, author)
    for member in cosigners:
        support.cosign_proposal(proposal, member)
    operations.submit_proposal(proposal, author)
    db.session.commit()
    return proposal


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def reload(proposal) -> Proposal:
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)
