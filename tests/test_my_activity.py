"""Issue 13: "My activity" lists what a person did, each line linking to where it is; nobody
else's activity shows."""

from council.extensions import db
from council.meetings import operations as meetings
from council.notifications.operations import follow
from council.roles import Role
from tests.meeting_helpers import new_meeting
from tests.proposal_factories import a_draft, a_submitted


def test_my_activity_lists_proposals_cosignatures_proxies_and_follows(client, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org")
    me = make_user(Role.MEMBER, email="me@example.org", name="Moi")
    other = make_user(Role.MEMBER, email="other@example.org", name="Autre")
    third = make_user(Role.MEMBER, email="third@example.org")
    mine = a_draft(me, title="Mon vélo partagé")
    theirs = a_submitted(other, [me, third], title="Leur jardin partagé")
    a_draft(other, title="Brouillon de quelqu’un d’autre")
    meeting = new_meeting(secretary, title="Plénière de mars")
    meetings.give_proxy(meeting, me, giver=me, holder=other)
    follow(me, "proposal", theirs.id)
    db.session.commit()
    client.login("me@example.org")
    page = client.get("/me/activity").get_data(as_text=True)
    assert f'href="/proposals/{mine.id}"' in page and "Mon vélo partagé" in page
    assert f'href="/proposals/{theirs.id}"' in page  # co-signed, and followed
    assert "Given to <bdi>Autre</bdi>" in page and f'href="/meetings/{meeting.id}"' in page
    assert "quelqu’un d’autre" not in page
    assert 'href="/me/activity"' in client.get("/me").get_data(as_text=True)


def test_my_activity_needs_an_account(client):
    assert client.get("/me/activity").status_code in (302, 401, 403)
