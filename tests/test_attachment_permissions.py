"""Each file is exactly as readable as its object, follows it when the object changes state
(a draft becomes public, minutes are approved and frozen), goes with it when it is removed,
and goes with "erase my account" when nobody else could ever see it."""

import pytest
from sqlalchemy import select

from council.attachments.models import Attachment, AttachmentChunk, OwnerKind
from council.extensions import db
from council.meetings import operations as meetings
from council.privacy.erasure import erase_account
from council.proposals import operations as proposals
from council.proposals import support
from council.roles import Role
from tests import attachment_files as files
from tests.attachment_files import attach_directly
from tests.meeting_helpers import new_meeting
from tests.minutes_helpers import approve_and_publish, closed_meeting
from tests.proposal_factories import a_draft, count
from tests.referral_helpers import housing_service, official_of, open_referral


def status_of(client, attachment, part="") -> int:
    return client.get(f"/files/{attachment.token}{part}").status_code


def submit(draft, made) -> None:
    proposals.open_for_support(draft, made["author"])
    for name in ("member", "cosigner"):
        support.cosign_proposal(draft, made[name])
    proposals.submit_proposal(draft, made["author"])
    db.session.commit()


@pytest.fixture
def people(make_user, make_client):
    """A logged-in client for the author, another member, a secretary and nobody at all."""
    made = {
        "author": make_user(Role.MEMBER, email="amina@example.org", name="Amina"),
        "member": make_user(Role.MEMBER, email="omar@example.org", name="Omar"),
        "secretary": make_user(Role.SECRETARY, email="claire@example.org", name="Claire"),
        "cosigner": make_user(Role.MEMBER, email="lina@example.org", name="Lina"),
    }
    clients = {"public": make_client()}
    for name, person in made.items():
        clients[name] = make_client()
        clients[name].login(person.email)
    return made, clients


def test_a_draft_proposal_file_is_as_private_as_the_draft_then_public_with_it(people):
    made, clients = people
    draft = a_draft(made["author"])
    photo = attach_directly(
        draft, OwnerKind.PROPOSAL, made["author"], files.phone_photo(600, 400), alt_text="Rampe"
    )
    for who in ("public", "member", "secretary"):
        assert status_of(clients[who], photo) == 404, who
        assert status_of(clients[who], photo, "/preview") == 404, who
    served = clients["author"].get(f"/files/{photo.token}")
    assert served.status_code == 200 and served.headers["Cache-Control"] == "private, no-store"
    assert served.headers["X-Robots-Tag"] == "noindex"

    submit(draft, made)
    served = clients["public"].get(f"/files/{photo.token}")
    assert served.status_code == 200 and served.headers["Cache-Control"] == "no-cache"
    assert status_of(clients["public"], photo, "/preview") == 200
    assert "X-Robots-Tag" not in served.headers


def test_a_member_who_did_not_write_the_proposal_can_neither_attach_nor_remove(people):
    made, clients = people
    draft = a_draft(made["author"])
    paper = attach_directly(draft, OwnerKind.PROPOSAL, made["author"])
    proposals.open_for_support(draft, made["author"])  # members now see the draft
    db.session.commit()
    assert status_of(clients["member"], paper) == 200
    page = clients["member"].get(f"/proposals/{draft.id}").get_data(as_text=True)
    assert "Annexe" in page and "Attach a file" not in page and "Remove" not in page
    assert clients["member"].get(f"/attachments/proposal/{draft.id}/new").status_code == 403
    form_page = f"/proposals/{draft.id}"
    answer = clients["member"].submit(f"/files/{paper.token}/remove", {}, form_page=form_page)
    assert answer.status_code in (302, 303)
    assert count(Attachment) == 1
    assert clients["public"].get(f"/attachments/proposal/{draft.id}/new").status_code == 302


def test_draft_minutes_files_are_the_councils_then_frozen_then_public(app, make_user, make_client):
    made = closed_meeting(make_user)
    secretary, minutes = made["secretary"], made["minutes"]
    annex = attach_directly(minutes, OwnerKind.MINUTES, secretary)
    public, member, clerk = make_client(), make_client(), make_client()
    member.login(made["people"][0].email)
    clerk.login(secretary.email)
    assert status_of(public, annex) == 404
    assert status_of(member, annex) == 200

    approve_and_publish(app, minutes, secretary)
    assert status_of(public, annex) == 200
    # Approved minutes are frozen with their annexes: no new file, none removed.
    url = f"/attachments/minutes/{minutes.id}/new"
    assert clerk.get(url).status_code == 403
    clerk.submit(f"/files/{annex.token}/remove", {}, form_page=f"/meetings/{minutes.meeting_id}")
    assert count(Attachment) == 1
    with pytest.raises(Exception, match="cannot add files"):
        attach_directly(minutes, OwnerKind.MINUTES, secretary)


def test_meeting_and_agenda_papers_are_the_secretarys(make_user, make_client):
    secretary = make_user(Role.SECRETARY, email="claire@example.org")
    member = make_user(Role.MEMBER, email="omar@example.org")
    meeting = new_meeting(secretary)
    item = meetings.add_agenda_item(meeting, secretary, kind="other", title="Parc", description="")
    db.session.commit()
    letter = attach_directly(meeting, OwnerKind.MEETING, secretary, files.pdf())
    annex = attach_directly(item, OwnerKind.AGENDA_ITEM, secretary)
    annex_url, letter_id = f"/files/{annex.token}", letter.id
    public, someone = make_client(), make_client()
    someone.login(member.email)
    assert status_of(public, letter) == 200 and status_of(public, annex) == 200
    for kind, owner_id in (("meeting", meeting.id), ("agenda_item", item.id)):
        assert someone.get(f"/attachments/{kind}/{owner_id}/new").status_code == 403
    # The files of a removed agenda item go with it, bytes included.
    meetings.remove_agenda_item(item, secretary)
    db.session.commit()
    assert public.get(annex_url).status_code == 404
    remaining = db.session.scalars(select(AttachmentChunk.attachment_id).distinct()).all()
    assert remaining == [letter_id]


def test_a_referral_takes_files_from_its_services_officials_only(make_user, make_client):
    service, other = housing_service("Habitat"), housing_service("Voirie")
    agent = official_of(make_user, service, email="agent@ville.example")
    stranger = official_of(make_user, other, email="voirie@ville.example")
    referral = open_referral(agent, service)
    paper = attach_directly(referral, OwnerKind.REFERRAL, agent, files.pdf())
    public, outsider = make_client(), make_client()
    outsider.login(stranger.email)
    assert status_of(public, paper) == 200  # referrals are public
    assert outsider.get(f"/attachments/referral/{referral.id}/new").status_code == 403
    assert public.get(f"/attachments/referral/{referral.id}/new").status_code == 302


def test_unknown_kinds_objects_and_tokens_are_all_the_same_404(people):
    made, clients = people
    for url in (
        "/attachments/poster/1/new",
        "/attachments/proposal/999999/new",
    ):
        assert clients["author"].get(url).status_code == 404, url
    assert clients["author"].get("/files/" + "A" * 43).status_code == 404
    assert clients["author"].get("/files/" + "A" * 43 + "/preview").status_code == 404


def test_erasing_an_account_takes_the_files_nobody_else_could_see(app, people):
    made, clients = people
    author = made["author"]
    draft = a_draft(author, title="Brouillon")
    hidden = attach_directly(
        draft, OwnerKind.PROPOSAL, author, files.phone_photo(300, 200), alt_text="Ma rue"
    )
    hidden_id = hidden.id
    shown = a_draft(author, title="Déposée")
    kept_token = attach_directly(shown, OwnerKind.PROPOSAL, author).token
    submit(shown, made)
    with app.test_request_context():
        erase_account(author, author)
        db.session.commit()
    tokens = set(db.session.scalars(select(Attachment.token)))
    assert tokens == {kept_token}  # the record stays, like the proposal itself
    assert hidden_id not in set(db.session.scalars(select(AttachmentChunk.attachment_id)))
