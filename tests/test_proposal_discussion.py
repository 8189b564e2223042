"""Comments on proposals, following them, the notifications their authors receive, and the
"answers the question from the city" choice of the proposal form — over HTTP."""

import pytest
from sqlalchemy import func, select

from council.comments.models import Comment
from council.extensions import db
from council.notifications.models import NotificationKind
from council.proposals import operations
from council.proposals.models import Proposal, ProposalState
from council.referrals import operations as referrals
from council.roles import Role
from tests.conftest import outbox
from tests.integration_helpers import a_council, notifications_of, states_told
from tests.proposal_factories import a_draft, a_theme, reload


def text_of(response) -> str:
    return response.get_data(as_text=True)


def write(client, proposal, body, **extra):
    data = {"body": body, "language": "fr", "as_service": "0", **extra}
    return client.submit(
        f"/comments/proposal/{proposal.id}", data, form_page=f"/proposals/{proposal.id}"
    )


def comments() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def test_a_member_comments_and_the_authors_are_told(client, make_client, make_user):
    council = a_council(make_user)
    reader = make_user(Role.MEMBER, email="amina@example.org", name="Amina", locale="ar")
    client.login(reader.email)
    page = text_of(client.get(f"/proposals/{council.proposal.id}?lang=en"))
    assert "No comment yet." in page and "Write a comment" in page
    response = write(client, council.proposal, "Bonne idée, **surtout** le samedi.")
    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert comment.subject_kind == "proposal" and comment.subject_id == council.proposal.id
    public = text_of(make_client().get(f"/proposals/{council.proposal.id}"))
    assert "Bonne idée, <strong>surtout</strong> le samedi." in public
    assert "Write a comment" not in public  # the public reads, it does not write
    for author in (council.author, council.coauthor):
        [note] = notifications_of(author, NotificationKind.NEW_COMMENT)
        assert note.params == {"actor": "Amina"}
        assert note.link == f"/proposals/{council.proposal.id}#comment-{comment.id}"
    assert notifications_of(council.cosigners[0], NotificationKind.NEW_COMMENT) == []
    mails = {m.recipient: m for m in outbox()}
    assert mails[council.author.email].locale == "fr"
    assert "Amina commented on" in mails[council.coauthor.email].subject


def test_an_official_comments_for_their_service(client, make_user):
    council = a_council(make_user)
    client.login(council.official.email)
    service_id = council.official.services[0].id
    assert write(client, council.proposal, "Nous étudions.", as_service=str(service_id))
    page = text_of(client.get(f"/proposals/{council.proposal.id}"))
    assert "Official: Habitat" in page and "Nous étudions." in page


def test_comments_are_closed_on_drafts_and_decided_proposals(client, make_user):
    council = a_council(make_user)
    member = make_user(Role.MEMBER, email="amina@example.org", name="Amina")
    draft = a_draft(council.author, title="Brouillon")
    operations.open_for_support(draft, council.author)
    db.session.commit()
    client.login(member.email)
    # A draft open for support is readable by members, but the debate starts when submitted.
    assert f'action="/comments/proposal/{draft.id}"' not in text_of(
        client.get(f"/proposals/{draft.id}")
    )
    response = client.submit(
        f"/comments/proposal/{draft.id}",
        {"body": "Trop tôt", "language": "fr", "as_service": "0"},
        form_page=f"/proposals/{draft.id}",
    )
    assert response.status_code == 200 and "Comments are closed here." in text_of(response)
    assert comments() == 0
    operations.schedule_proposal(council.proposal, council.secretary)
    operations.reject_proposal(council.proposal, council.secretary)
    db.session.commit()
    page = text_of(client.get(f"/proposals/{council.proposal.id}"))
    assert f'action="/comments/proposal/{council.proposal.id}"' not in page
    late = write(client, council.proposal, "Trop tard")
    assert late.status_code == 200 and "Comments are closed here." in text_of(late)
    assert comments() == 0


def test_a_private_draft_has_no_comment_page(client, make_user):
    author = make_user(Role.MEMBER, email="author@example.org")
    make_user(Role.MEMBER, email="other@example.org")
    draft = a_draft(author)
    client.login("other@example.org")
    assert client.get(f"/comments/proposal/{draft.id}").status_code == 404
    assert client.get(f"/comments/proposal/{draft.id + 999}").status_code == 404
    token = client.csrf_token("/proposals/")
    follow = client.post(f"/follow/proposal/{draft.id}", data={"csrf_token": token})
    assert follow.status_code == 404


def test_followers_hear_of_state_changes_and_can_stop(client, make_user):
    council = a_council(make_user)
    follower = make_user(Role.MEMBER, email="rosa@example.org", name="Rosa")
    client.login(follower.email)
    show = f"/proposals/{council.proposal.id}"
    assert "Follow" in text_of(client.get(show))
    assert client.submit(f"/follow/proposal/{council.proposal.id}", {}, form_page=show)
    assert client.submit(f"/follow/proposal/{council.proposal.id}", {}, form_page=show)  # twice
    assert "Stop following" in text_of(client.get(show))
    operations.schedule_proposal(council.proposal, council.secretary)
    db.session.commit()
    assert states_told(follower) == ["scheduled"]

    other = make_user(Role.MEMBER, email="karim@example.org", name="Karim")
    writer = client.__class__(client.client.application.test_client())
    writer.login(other.email)
    write(writer, council.proposal, "Je soutiens.")
    assert len(notifications_of(follower, NotificationKind.NEW_COMMENT)) == 1

    client.submit(f"/follow/proposal/{council.proposal.id}", {"stop": "1"}, form_page=show)
    operations.return_to_submitted(council.proposal, council.secretary)
    db.session.commit()
    assert states_told(follower) == ["scheduled"]


def test_state_changes_reach_authors_cosigners_but_not_the_actor(make_user):
    council = a_council(make_user)
    # Submitting told the co-author and co-signers, not the author who submitted.
    assert "submitted" not in states_told(council.author)
    assert states_told(council.coauthor) == ["submitted"]
    assert states_told(council.cosigners[1]) == ["submitted"]
    operations.withdraw_proposal(council.proposal, council.author, reason="Déjà fait")
    db.session.commit()
    assert states_told(council.cosigners[0])[-1] == "withdrawn"
    assert states_told(council.coauthor)[-1] == "withdrawn"


def test_referrals_and_coauthor_invitations_are_notified(make_user):
    council = a_council(make_user, answers_referral=False)
    told = notifications_of(council.author, NotificationKind.REFERRAL_RECEIVED)
    assert [n.subject_title for n in told] == [council.referral.question]
    assert notifications_of(council.official, NotificationKind.REFERRAL_RECEIVED) == []
    [invited] = notifications_of(council.coauthor, NotificationKind.COAUTHOR_INVITATION)
    assert invited.params == {"actor": "Fatou"}
    assert invited.link == f"/proposals/{council.proposal.id}"


def proposal_form(**overrides):
    data = {
        "title": "Un guide en plusieurs langues",
        "body": "Nous proposons un guide.",
        "summary": "",
        "language": "fr",
        "theme_id": str(a_theme().id),
        "referral_id": "",
    }
    return {**data, **overrides}


def test_a_proposal_answers_an_open_question(client, make_client, make_user):
    council = a_council(make_user, answers_referral=False)
    client.login(council.author.email)
    referral_page = text_of(client.get(f"/referrals/{council.referral.id}?lang=en"))
    assert f'href="/proposals/new?referral={council.referral.id}"' in referral_page
    form_page = text_of(client.get(f"/proposals/new?referral={council.referral.id}"))
    assert f'<option selected value="{council.referral.id}">' in form_page
    assert '<option value="">No question</option>' in form_page

    response = client.submit("/proposals/new", proposal_form(referral_id=str(council.referral.id)))
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal).where(Proposal.title.like("Un guide%")))
    assert proposal.referral_id == council.referral.id
    page = text_of(client.get(f"/proposals/{proposal.id}"))
    # The question is set in French typography (a narrow no-break space before "?").
    question = council.referral.question.replace(" ?", "\u202f?")
    assert "Answers the question from the city" in page and question in page
    # The public does not see a draft on the question's page; its authors do.
    assert f"/proposals/{proposal.id}" not in text_of(
        make_client().get(f"/referrals/{council.referral.id}")
    )
    assert f"/proposals/{proposal.id}" in text_of(client.get(f"/referrals/{council.referral.id}"))

    # Editing keeps it, even once the question is closed meanwhile; choosing none unlinks.
    referrals.close_referral(council.referral, council.secretary, reason="Plus d'actualité")
    db.session.commit()
    edit = f"/proposals/{proposal.id}/edit"
    kept = client.submit(
        edit, proposal_form(referral_id=str(council.referral.id), seen_version="1")
    )
    assert kept.status_code == 302 and reload(proposal).referral_id == council.referral.id
    client.submit(edit, proposal_form(seen_version="2"))
    assert reload(proposal).referral_id is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("424242", "This question from the city does not exist."),
        ("abc", "Choose an option from the list."),
        ("closed", "This question from the city is no longer open: it is Closed."),
    ],
)
def test_a_forged_or_stale_question_is_refused(client, make_user, value, message):
    council = a_council(make_user, answers_referral=False)
    if value == "closed":
        referrals.close_referral(council.referral, council.secretary, reason="Plus d'actualité")
        db.session.commit()
        value = str(council.referral.id)
    client.login(council.coauthor.email)  # reads English
    before = db.session.scalar(select(func.count(Proposal.id)))
    response = client.submit("/proposals/new", proposal_form(referral_id=value))
    assert response.status_code == 200 and message in text_of(response)
    assert db.session.scalar(select(func.count(Proposal.id))) == before


def test_adopting_after_the_question_was_closed_leaves_it_closed(make_user):
    council = a_council(make_user)
    referrals.close_referral(council.referral, council.secretary, reason="Plus d'actualité")
    operations.schedule_proposal(council.proposal, council.secretary)
    operations.adopt_proposal(council.proposal, council.secretary)
    db.session.commit()
    assert reload(council.proposal).state == ProposalState.ADOPTED
    assert council.referral.status.value == "closed"
