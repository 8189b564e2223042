"""The demo council has lifelike proposals in several languages and states."""

from collections import Counter

from sqlalchemy import select

from council.extensions import db
from council.proposals.models import (
    Proposal,
    ProposalCosignature,
    ProposalRevision,
    ProposalState,
    Theme,
)
from tests.proposal_factories import count


def run_demo(app):
    return app.test_cli_runner().invoke(args=["demo-data"])


def test_demo_proposals_are_varied_and_loaded_once(app, client, make_client):
    assert run_demo(app).exit_code == 0
    assert run_demo(app).exit_code == 0  # idempotent
    db.session.expire_all()
    proposals = db.session.scalars(select(Proposal)).all()
    assert len(proposals) >= 30
    languages = Counter(p.language for p in proposals)
    assert set(languages) == {"fr", "en", "ar", "fa_AF", "ps", "tr", "uk", "ru"}
    assert {p.state for p in proposals} == set(ProposalState)
    assert count(Theme) == 5 and count(ProposalCosignature) >= 15
    assert count(ProposalRevision) >= 2
    theme = db.session.scalar(select(Theme).where(Theme.name == "Logement"))
    assert theme.translated_locales()["ar"] == "السكن"

    health = db.session.scalar(select(Proposal).where(Proposal.title.like("مترجمون%")))
    public = make_client().get(f"/proposals/{health.id}?lang=ar").get_data(as_text=True)
    assert "مترجمون في مراكز الصحة البلدية" in public
    public = make_client().get("/proposals/?lang=ar").get_data(as_text=True)
    assert "صنف‌های زبان فرانسوی" not in public  # a draft asking members for support
    assert "Des cours de français pour les mères" not in make_client().get("/proposals/").text
    member = make_client()
    member.login("karim@council.example", "conseil-demo-2026")
    # Shown to members by the language rule: its French translation on a French page, the
    # Dari original on a Dari one.
    french = member.get("/proposals/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Des cours de français pour les mères" in french
    dari = member.get("/proposals/?lang=fa_AF").get_data(as_text=True)
    assert "صنف‌های زبان فرانسوی" in dari
    housing = db.session.scalar(select(Proposal).where(Proposal.title.like("Rendre visible%")))
    diff = make_client().get(f"/proposals/{housing.id}/revisions/2").get_data(as_text=True)
    assert "permanence logement le samedi matin" in diff
