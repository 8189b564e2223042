"""Writing a proposal, its life cycle, who sees it, and bad input that must change nothing."""

import re

import pytest
from sqlalchemy import select

from council.errors import OperationError
from council.extensions import db
from council.proposals import operations
from council.proposals.models import Proposal, ProposalEvent, ProposalState
from council.roles import Role
from tests.proposal_factories import a_draft, a_submitted, a_theme, count, reload


def form(theme, **changes):
    data = {
        "title": "Des cours de français le soir",
        "body": "Beaucoup de membres travaillent en journée.\n\n- cours à 19 h\n- garderie",
        "summary": "Des cours de français après le travail.",
        "theme_id": str(theme.id),
        "language": "fr",
    }
    data.update(changes)
    return data


def test_member_writes_a_draft_that_only_authors_can_read(client, make_client, make_user):
    make_user(Role.MEMBER, email="amina@example.org", name="Amina B.")
    theme = a_theme("Éducation", en="Education")
    client.login("amina@example.org")
    response = client.submit("/proposals/new", form(theme))
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert proposal.state == ProposalState.DRAFT
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Des cours de français le soir" in page
    assert "<li>cours à 19 h</li>" in page
    assert '<div class="proposal-body" lang="fr" dir="ltr">' in page
    assert "only its authors can read it" in page
    assert "Amina B." in page and "amina@example.org" not in page.split("account-area")[-1]
    assert make_client().get(f"/proposals/{proposal.id}").status_code == 404
    make_user(Role.MEMBER, email="other@example.org")
    other = make_client()
    other.login("other@example.org")
    assert other.get(f"/proposals/{proposal.id}").status_code == 404
    assert "Des cours" not in make_client().get("/proposals/").get_data(as_text=True)


def test_full_life_cycle_with_support_and_public_timeline(client, make_client, make_user):
    author = make_user(Role.MEMBER, email="author@example.org", name="Farid")
    first = make_user(Role.MEMBER, email="c1@example.org")
    second = make_user(Role.MEMBER, email="c2@example.org")
    proposal = a_draft(author, title="پیشنهاد برای مسکن", body="متن پیشنهاد", language="fa_AF")
    client.login("author@example.org")
    url = f"/proposals/{proposal.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Ask members for support" in page
    assert "Submit the proposal" not in page
    client.submit(f"{url}/open-for-support", {"seen_state": "draft"}, form_page=url)
    assert "Council members can read it" in client.get(url).get_data(as_text=True)
    assert make_client().get(url).status_code == 404  # still not public

    for email in ("c1@example.org", "c2@example.org"):
        member = make_client()
        member.login(email)
        response = member.submit(f"{url}/cosign", {"seen_state": "draft"}, form_page=url)
        assert response.status_code == 302
        assert "co-signature is recorded" in member.get(url).get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "2 co-signatures" in page
    client.submit(f"{url}/submit", {"seen_state": "draft"}, form_page=url)
    public = make_client().get(url).get_data(as_text=True)
    assert '<h1 lang="fa-AF" dir="rtl">پیشنهاد برای مسکن</h1>' in public
    assert "Submitted by <bdi>Farid</bdi>." in public
    assert "2 co-signatures" in public

    secretary = make_user(Role.SECRETARY, Role.MEMBER)
    operations.schedule_proposal(reload(proposal), secretary)
    operations.adopt_proposal(reload(proposal), secretary)
    db.session.commit()
    events = db.session.scalars(select(ProposalEvent).order_by(ProposalEvent.id)).all()
    assert [(e.from_state, e.to_state) for e in events] == [
        (None, ProposalState.DRAFT),
        (ProposalState.DRAFT, ProposalState.SUBMITTED),
        (ProposalState.SUBMITTED, ProposalState.SCHEDULED),
        (ProposalState.SCHEDULED, ProposalState.ADOPTED),
    ]
    assert events[1].actor_id == author.id and events[3].actor_id == secretary.id
    public = make_client().get(url).get_data(as_text=True)
    assert "Adopted by the council." in public and "Put on a meeting agenda by" in public
    assert reload(proposal).decided_at is not None
    assert {first.id, second.id}  # both co-signers are distinct members


def test_submission_needs_the_configured_number_of_cosignatures(app, make_user):
    author, helper = make_user(Role.MEMBER), make_user(Role.MEMBER)
    proposal = a_draft(author)
    operations.open_for_support(proposal, author)
    from council.proposals import support

    support.cosign_proposal(proposal, helper)
    db.session.commit()
    with pytest.raises(OperationError, match="needs 2 co-signatures"):
        operations.submit_proposal(proposal, author)
    db.session.rollback()
    app.config["PROPOSAL_COSIGNATURES_REQUIRED"] = 1
    try:
        operations.submit_proposal(reload(proposal), author)
        db.session.commit()
    finally:
        app.config["PROPOSAL_COSIGNATURES_REQUIRED"] = 2
    assert reload(proposal).state == ProposalState.SUBMITTED


def test_public_from_state_is_configurable(app, make_client, make_user):
    author = make_user(Role.MEMBER)
    proposal = a_submitted(author, [make_user(Role.MEMBER), make_user(Role.MEMBER)])
    app.config["PROPOSALS_PUBLIC_FROM_STATE"] = "scheduled"
    try:
        assert make_client().get(f"/proposals/{proposal.id}").status_code == 404
        assert "Des logements" not in make_client().get("/proposals/").get_data(as_text=True)
        operations.schedule_proposal(reload(proposal), make_user(Role.SECRETARY))
        db.session.commit()
        assert make_client().get(f"/proposals/{proposal.id}").status_code == 200
    finally:
        app.config["PROPOSALS_PUBLIC_FROM_STATE"] = "submitted"


def test_transitions_from_the_wrong_state_are_refused(make_user):
    author, secretary = make_user(Role.MEMBER), make_user(Role.SECRETARY, Role.MEMBER)
    member = make_user(Role.MEMBER)
    proposal = a_draft(author)
    for operation in (operations.schedule_proposal, operations.adopt_proposal,
                      operations.reject_proposal, operations.return_to_submitted):  # fmt: skip
        with pytest.raises(OperationError, match="cannot be done now"):
            operation(proposal, secretary)
        db.session.rollback()
    with pytest.raises(OperationError, match="not allowed"):
        operations.schedule_proposal(proposal, member)  # members do not build agendas
    db.session.rollback()
    operations.withdraw_proposal(proposal, author, reason="Déjà traité par la mairie")
    db.session.commit()
    with pytest.raises(OperationError, match="cannot be done now"):
        operations.submit_proposal(reload(proposal), author)
    db.session.rollback()
    with pytest.raises(OperationError, match="cannot be done now"):
        operations.withdraw_proposal(reload(proposal), author, reason="encore")
    db.session.rollback()
    assert reload(proposal).state == ProposalState.WITHDRAWN
    assert count(ProposalEvent) == 2


def test_agenda_item_removed_returns_to_submitted(make_user):
    author, secretary = make_user(Role.MEMBER), make_user(Role.SECRETARY)
    proposal = a_submitted(author, [make_user(Role.MEMBER), make_user(Role.MEMBER)])
    operations.schedule_proposal(proposal, secretary)
    operations.return_to_submitted(proposal, secretary, reason="Séance annulée")
    db.session.commit()
    assert reload(proposal).state == ProposalState.SUBMITTED
    event = db.session.scalars(select(ProposalEvent).order_by(ProposalEvent.id.desc())).first()
    assert (event.from_state, event.to_state, event.reason) == (
        ProposalState.SCHEDULED,
        ProposalState.SUBMITTED,
        "Séance annulée",
    )


def test_withdrawal_needs_a_reason_and_is_shown(client, make_client, make_user):
    author = make_user(Role.MEMBER, email="author@example.org")
    proposal = a_submitted(author, [make_user(Role.MEMBER), make_user(Role.MEMBER)])
    client.login("author@example.org")
    url = f"/proposals/{proposal.id}/withdraw"
    empty = client.submit(url, {"seen_state": "submitted", "reason": "   "})
    assert empty.status_code == 200
    assert "This field is required." in empty.get_data(as_text=True)
    assert reload(proposal).state == ProposalState.SUBMITTED
    done = client.submit(url, {"seen_state": "submitted", "reason": "La mairie l’a déjà fait."})
    assert done.status_code == 302
    assert reload(proposal).withdrawal_reason == "La mairie l’a déjà fait."
    page = make_client().get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Withdrawn" in page and "La mairie l’a déjà fait." in page


def test_double_submission_and_stale_forms_get_a_clear_message(client, make_user):
    author = make_user(Role.MEMBER, email="author@example.org")
    helpers = [make_user(Role.MEMBER), make_user(Role.MEMBER)]
    proposal = a_draft(author)
    operations.open_for_support(proposal, author)
    from council.proposals import support

    for member in helpers:
        support.cosign_proposal(proposal, member)
    db.session.commit()
    client.login("author@example.org")
    url = f"/proposals/{proposal.id}"
    token = client.csrf_token(url)
    first = client.post(f"{url}/submit", data={"csrf_token": token, "seen_state": "draft"})
    second = client.post(f"{url}/submit", data={"csrf_token": token, "seen_state": "draft"})
    assert first.status_code == second.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "changed while you were looking at it" in page
    assert "it is now “Submitted”" in page
    assert count(ProposalEvent) == 2  # created, submitted once
    stale = client.submit(url + "/withdraw", {"seen_state": "draft", "reason": "oups"})
    assert stale.status_code == 200
    assert "changed while you were looking at it" in stale.get_data(as_text=True)
    assert reload(proposal).state == ProposalState.SUBMITTED


def test_bad_input_is_refused_and_changes_nothing(client, make_user):
    make_user(Role.MEMBER, email="m@example.org")
    theme = a_theme()
    client.login("m@example.org")
    cases = [
        (form(theme, title=""), "This field is required."),
        (form(theme, title="   "), "This field is required."),
        (form(theme, title="x" * 10_000), "at most 200 characters"),
        (form(theme, body=""), "This field is required."),
        (form(theme, body="y" * 20_001), "at most 20000 characters"),
        (form(theme, theme_id=""), "This field is required."),
        (form(theme, theme_id="999999"), "Choose an option from the list."),
        (form(theme, theme_id="abc"), "Theme: This field is required."),
        (form(theme, language="xx"), "Choose an option from the list."),
        (form(theme, service_ids=["12345"]), "Choose an option from the list."),
        (form(theme, title="Bell\x07 title"), "control characters"),
    ]
    for data, message in cases:
        response = client.submit("/proposals/new", data)
        assert response.status_code == 200, message
        page = response.get_data(as_text=True)
        assert message in page, message
        assert 'class="error-summary"' in page
    assert count(Proposal) == 0


def test_markup_is_stored_as_typed_and_rendered_sanitised(client, make_client, make_user):
    make_user(Role.MEMBER, email="m@example.org")
    client.login("m@example.org")
    body = (
        "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[cliquez](javascript:alert(1)) [lien](JaVaScRiPt:alert(2)) "
        '<a href="javascript:alert(3)">a</a> [ok](https://ville.example/aide)\n\n# Titre'
    )
    title = "<b>Titre</b> <script>x</script>"
    client.submit("/proposals/new", form(a_theme(), title=title, body=body))
    proposal = db.session.scalar(select(Proposal))
    assert proposal.body == body and proposal.title == title
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    main = page.split('<main id="main"', 1)[1]
    assert "<script>" not in main and "<img" not in main and "<b>" not in main
    assert '<a href="javascript' not in main.lower()  # only escaped, visible as text
    assert "[cliquez](javascript:alert(1))" in main  # unsafe links are not made into links
    assert "&lt;script&gt;alert" in main
    assert re.search(r'<a href="https://ville.example/aide" rel="nofollow[^"]*">ok</a>', main)
    assert "<h3>Titre</h3>" in main  # a member's heading stays below the page's own


def test_editing_someone_elses_proposal_is_forbidden(client, make_user):
    author = make_user(Role.MEMBER, email="author@example.org")
    make_user(Role.MEMBER, email="intruder@example.org")
    proposal = a_submitted(author, [make_user(Role.MEMBER), make_user(Role.MEMBER)])
    client.login("intruder@example.org")
    url = f"/proposals/{proposal.id}"
    forged = form(a_theme(), title="Pirate", seen_version="1")
    assert client.submit(url + "/edit", forged, form_page=url).status_code == 403
    assert (
        client.submit(url + "/submit", {"seen_state": "submitted"}, form_page=url).status_code
        == 403
    )
    assert client.submit(url + "/withdraw", {"reason": "x"}, form_page=url).status_code == 403
    assert client.submit(url + "/coauthors", {"member_id": "1"}, form_page=url).status_code == 403
    assert reload(proposal).title == "Des logements pour tous"
    assert reload(proposal).state == ProposalState.SUBMITTED


def test_forged_ids_are_404(client, make_user):
    make_user(Role.MEMBER, email="m@example.org")
    client.login("m@example.org")
    for url in ("/proposals/999999", "/proposals/999999/edit", "/proposals/999999/revisions",
                "/proposals/999999/revisions/1"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    for url in ("/proposals/999999/cosign", "/proposals/999999/submit"):
        assert (
            client.submit(url, {"seen_state": "draft"}, form_page="/proposals/").status_code == 404
        )
    author = make_user(Role.MEMBER)
    proposal = a_submitted(author, [make_user(Role.MEMBER), make_user(Role.MEMBER)])
    assert client.get(f"/proposals/{proposal.id}/revisions/99").status_code == 404


def test_member_home_lists_my_proposals_and_nav_has_proposals(client, make_client, make_user):
    author = make_user(Role.MEMBER, email="author@example.org")
    a_draft(author, title="Mon brouillon")
    client.login("author@example.org")
    home = client.get("/me").get_data(as_text=True)
    assert 'id="my-proposals-heading"' in home and "Mon brouillon" in home
    assert "Draft" in home
    assert '<a href="/proposals/">Proposals</a>' in make_client().get("/").get_data(as_text=True)
