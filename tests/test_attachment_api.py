"""The API lists the files of public objects (metadata and a download link), never those of an
object the public may not read; the link itself checks the object again."""

from urllib.parse import urlsplit

import feedparser

from council.attachments.models import OwnerKind
from council.extensions import db
from council.meetings import operations as meetings
from council.recommendations.operations import respond_to_recommendation
from council.roles import Role
from tests import attachment_files as files
from tests.attachment_files import attach_directly
from tests.meeting_helpers import new_meeting
from tests.recommendation_helpers import a_council, a_service, adopted, an_official, transmit

KEYS = {
    "title", "description", "alt_text", "language", "file_kind", "content_type", "filename",
    "size", "width", "height", "sha256", "created_at", "links",
}  # fmt: skip


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_a_meeting_and_its_agenda_items_list_their_files(client, make_user):
    secretary = make_user(Role.SECRETARY, email="claire@example.org")
    meeting = new_meeting(secretary)
    item = meetings.add_agenda_item(meeting, secretary, kind="other", title="Parc", description="")
    db.session.commit()
    attach_directly(meeting, OwnerKind.MEETING, secretary, files.pdf(), title="Invitation")
    attach_directly(
        item, OwnerKind.AGENDA_ITEM, secretary, files.png(), title="Plan", alt_text="Le parc"
    )
    body = client.get(f"/api/v1/meetings/{meeting.id}").get_json()
    (letter,) = body["attachments"]
    assert set(letter) == KEYS
    assert letter["title"] == "Invitation" and letter["content_type"] == "application/pdf"
    assert letter["alt_text"] is None and letter["links"]["preview"] is None
    assert letter["size"] == len(files.pdf()) and letter["language"] == "fr"
    downloaded = client.get(path_of(letter["links"]["download"]))
    assert downloaded.status_code == 200 and downloaded.get_data() == files.pdf()
    (plan,) = body["agenda"][0]["attachments"]
    assert plan["alt_text"] == "Le parc" and plan["file_kind"] == "png"
    assert client.get(path_of(plan["links"]["preview"])).mimetype == "image/png"
    listed = client.get("/api/v1/meetings").get_json()["data"][0]
    assert "attachments" not in listed  # the list stays light; one meeting says its files


def test_a_services_response_lists_the_signed_letter(client, make_user):
    council = a_council(make_user)
    service = a_service()
    official = an_official(make_user, service, "agent@ville.example")
    recommendation = transmit(council, adopted(council), [service])
    respond_to_recommendation(
        recommendation, official, service=service, status="accepted", justification=""
    )
    db.session.commit()
    response = recommendation.response_of(service)
    attach_directly(response, OwnerKind.RESPONSE, official, files.pdf(), title="Lettre signée")
    body = client.get(f"/api/v1/recommendations/{recommendation.id}").get_json()
    assert [a["title"] for a in body["responses"][0]["attachments"]] == ["Lettre signée"]
    answers = client.get(f"/api/v1/recommendations/{recommendation.id}/responses").get_json()
    assert answers["data"][0]["attachments"][0]["filename"] == "annexe.pdf"


def test_a_proposal_shows_its_files_only_once_public(client, make_user):
    from council.proposals import operations as proposals
    from council.proposals import support
    from tests.proposal_factories import a_draft

    author, *others = (make_user(Role.MEMBER) for _ in range(3))
    draft = a_draft(author)
    attach_directly(draft, OwnerKind.PROPOSAL, author, title="Photo", data=b"Texte\n")
    assert client.get(f"/api/v1/proposals/{draft.id}").status_code == 404
    proposals.open_for_support(draft, author)
    for member in others:
        support.cosign_proposal(draft, member)
    proposals.submit_proposal(draft, author)
    db.session.commit()
    body = client.get(f"/api/v1/proposals/{draft.id}").get_json()
    assert [a["title"] for a in body["attachments"]] == ["Photo"]
    assert "attachments" not in client.get("/api/v1/proposals").get_json()["data"][0]


def test_the_recommendations_feed_offers_the_services_letters(client, make_user):
    council = a_council(make_user)
    service = a_service()
    official = an_official(make_user, service, "agent@ville.example")
    recommendation = transmit(council, adopted(council), [service])
    respond_to_recommendation(
        recommendation, official, service=service, status="accepted", justification=""
    )
    db.session.commit()
    letter = attach_directly(
        recommendation.response_of(service), OwnerKind.RESPONSE, official, files.pdf(),
        title="Lettre signée",
    )  # fmt: skip
    feed = feedparser.parse(client.get("/feeds/recommendations.atom").data)
    assert not feed.bozo, feed.get("bozo_exception")
    [entry] = feed.entries
    [enclosure] = entry.enclosures
    assert path_of(enclosure.href) == f"/files/{letter.token}"
    assert enclosure.type == "application/pdf" and enclosure.length == str(len(files.pdf()))
    assert entry.link.endswith(f"/recommendations/{recommendation.id}")
