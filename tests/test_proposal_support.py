"""Co-signatures (once per member, even when two requests race) and co-authors."""

import threading

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from council.accounts.models import User
from council.errors import OperationError
from council.extensions import db
from council.plain_text import isolate
from council.proposals import operations, support
from council.proposals.models import (
    CoauthorStatus,
    Proposal,
    ProposalCoauthor,
    ProposalCosignature,
    ProposalRevision,
)
from council.roles import Role
from tests.proposal_factories import a_draft, a_submitted, a_theme, count, reload


@pytest.mark.committed  # threads of their own
def test_cosigning_twice_in_parallel_makes_one_row(app, make_user):
    author, member = make_user(Role.MEMBER), make_user(Role.MEMBER)
    proposal = a_draft(author)
    operations.open_for_support(proposal, author)
    db.session.commit()
    proposal_id, member_id = proposal.id, member.id
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        with app.app_context(), force_locale("en"):
            try:
                mine = db.session.get(Proposal, proposal_id)
                me = db.session.get(User, member_id)
                barrier.wait(timeout=10)
                support.cosign_proposal(mine, me)
                db.session.commit()
                outcomes.append("signed")
            except OperationError as error:
                db.session.rollback()
                outcomes.append(error.message)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["You have already co-signed this proposal.", "signed"]
    assert count(ProposalCosignature) == 1


def test_cosigning_twice_through_the_page_is_a_message_not_an_error(client, make_user):
    author = make_user(Role.MEMBER)
    make_user(Role.MEMBER, email="m@example.org")
    proposal = a_draft(author)
    operations.open_for_support(proposal, author)
    db.session.commit()
    client.login("m@example.org")
    url = f"/proposals/{proposal.id}"
    token = client.csrf_token(url)
    for _ in range(2):
        response = client.post(url + "/cosign", data={"csrf_token": token, "seen_state": "draft"})
        assert response.status_code == 302
    assert "already co-signed" in client.get(url).get_data(as_text=True)
    assert count(ProposalCosignature) == 1


def test_cosignature_can_be_taken_back_until_scheduled(client, make_user):
    author = make_user(Role.MEMBER)
    member = make_user(Role.MEMBER, email="m@example.org")
    proposal = a_submitted(author, [member, make_user(Role.MEMBER)])
    client.login("m@example.org")
    url = f"/proposals/{proposal.id}"
    assert "Take back my co-signature" in client.get(url).get_data(as_text=True)
    client.submit(url + "/uncosign", {"seen_state": "submitted"}, form_page=url)
    assert count(ProposalCosignature) == 1
    support.cosign_proposal(reload(proposal), member)
    operations.schedule_proposal(reload(proposal), make_user(Role.SECRETARY))
    db.session.commit()
    response = client.submit(url + "/uncosign", {"seen_state": "scheduled"}, form_page=url)
    assert response.status_code == 302
    assert "cannot be co-signed or un-signed any more" in client.get(url).get_data(as_text=True)
    assert count(ProposalCosignature) == 2


def test_authors_cannot_cosign_and_private_drafts_cannot_be_cosigned(client, make_user):
    author = make_user(Role.MEMBER, email="author@example.org")
    outsider = make_user(Role.MEMBER)
    proposal = a_draft(author)
    with pytest.raises(OperationError):
        support.cosign_proposal(proposal, author)
    db.session.rollback()
    with pytest.raises(OperationError):  # not opened for support: not even readable
        support.cosign_proposal(reload(proposal), outsider)
    db.session.rollback()
    client.login("author@example.org")
    url = f"/proposals/{proposal.id}"
    assert client.submit(url + "/cosign", {"seen_state": "draft"}, form_page=url).status_code == 403
    assert count(ProposalCosignature) == 0


def test_coauthor_is_invited_confirms_and_can_edit(client, make_client, make_user):
    author = make_user(Role.MEMBER, email="author@example.org", name="Elif")
    make_user(Role.MEMBER, email="co@example.org", name="Mehmet")
    proposal = a_draft(author, title="Türkçe kurslar", body="Metin", language="tr")
    client.login("author@example.org")
    url = f"/proposals/{proposal.id}"
    co_id = db.session.scalar(select(User.id).where(User.email == "co@example.org"))
    page = client.get(url + "/coauthors").get_data(as_text=True)
    assert "Mehmet" in page and "Elif</option>" not in page
    assert client.submit(url + "/coauthors", {"member_id": str(co_id)}).status_code == 302
    again = client.submit(url + "/coauthors", {"member_id": str(co_id)})
    assert "Choose an option from the list." in again.get_data(as_text=True)
    assert count(ProposalCoauthor) == 1

    coauthor = make_client()
    coauthor.login("co@example.org")
    assert "Türkçe kurslar" in coauthor.get("/me").get_data(as_text=True)
    notice = coauthor.get("/notifications").get_data(as_text=True)
    assert f"{isolate('Elif')} invites you to co-author “{isolate('Türkçe kurslar')}”." in notice
    assert coauthor.get(url + "/edit").status_code == 403  # not before accepting
    coauthor.submit(url + "/coauthorship", {"answer": "accept"}, form_page=url)
    row = db.session.scalar(select(ProposalCoauthor))
    assert row.status == CoauthorStatus.ACCEPTED and row.responded_at is not None
    edit = coauthor.get(url + "/edit").get_data(as_text=True)
    assert 'value="Türkçe kurslar"' in edit
    data = {"title": "Akşam Türkçe kursları", "body": "Yeni metin", "theme_id": str(
        proposal.theme_id), "language": "tr", "seen_version": "1"}  # fmt: skip
    assert coauthor.submit(url + "/edit", data).status_code == 302
    public = client.get(url).get_data(as_text=True)
    assert "Akşam Türkçe kursları" in public and "<bdi>Mehmet</bdi>" in public
    assert client.submit(url + "/cosign", {"seen_state": "draft"}, form_page=url).status_code == 403
    # Co-authors edit, but submitting and withdrawing stay the lead author's decisions.
    assert (
        coauthor.submit(url + "/submit", {"seen_state": "draft"}, form_page=url).status_code == 403
    )


def test_declining_and_forged_answers(client, make_user):
    author = make_user(Role.MEMBER)
    make_user(Role.MEMBER, email="co@example.org")
    co = db.session.scalar(select(User).where(User.email == "co@example.org"))
    proposal = a_draft(author)
    support.invite_coauthor(proposal, author, person=co)
    db.session.commit()
    client.login("co@example.org")
    url = f"/proposals/{proposal.id}"
    forged = client.submit(url + "/coauthorship", {"answer": "maybe"}, form_page=url)
    assert forged.status_code == 302
    assert db.session.scalar(select(ProposalCoauthor.status)) == CoauthorStatus.INVITED
    client.submit(url + "/coauthorship", {"answer": "decline"}, form_page="/proposals/")
    assert db.session.scalar(select(ProposalCoauthor.status)) == CoauthorStatus.DECLINED
    assert client.get(url).status_code == 404  # a declined invitation no longer opens the draft


def test_edits_of_a_submitted_proposal_are_kept_as_revisions_with_a_diff(
    client, make_client, make_user
):
    author = make_user(Role.MEMBER, email="author@example.org", name="Amina")
    proposal = a_submitted(author, [make_user(Role.MEMBER), make_user(Role.MEMBER)],
                           body="Ligne un\nLigne deux")  # fmt: skip
    client.login("author@example.org")
    url = f"/proposals/{proposal.id}"
    data = {"title": "Des logements pour tous", "body": "Ligne un\n<script>x</script>",
            "theme_id": str(proposal.theme_id), "language": "fr", "seen_version": "1"}  # fmt: skip
    assert client.submit(url + "/edit", data).status_code == 302
    revisions = db.session.scalars(select(ProposalRevision).order_by(ProposalRevision.number)).all()
    assert [(r.number, r.body) for r in revisions] == [
        (1, "Ligne un\nLigne deux"),
        (2, "Ligne un\n<script>x</script>"),
    ]
    assert revisions[1].editor_id == author.id
    visitor = make_client()
    history = visitor.get(url + "/revisions").get_data(as_text=True)
    assert "<caption>Versions of the text, oldest first</caption>" in history
    diff = visitor.get(url + "/revisions/2").get_data(as_text=True)
    assert '<del class="diff__line">' in diff and "Ligne deux" in diff
    assert "&lt;script&gt;x&lt;/script&gt;</ins>" in diff
    assert "<script>x" not in diff
    assert "Saved by <bdi>Amina</bdi>" in diff

    stale = client.submit(url + "/edit", dict(data, body="Autre", seen_version="1"))
    assert stale.status_code == 200
    assert "Someone else saved this proposal" in stale.get_data(as_text=True)
    assert reload(proposal).body == "Ligne un\n<script>x</script>"
    assert count(ProposalRevision) == 2


def test_private_draft_edits_leave_no_revisions(make_user):
    author = make_user(Role.MEMBER)
    proposal = a_draft(author)
    operations.update_proposal(
        proposal, author, title="Nouveau titre", body="Nouveau", summary=None,
        theme=a_theme(), language="fr", services=[], seen_version=1,
    )  # fmt: skip
    db.session.commit()
    assert reload(proposal).version == 2
    assert count(ProposalRevision) == 0
