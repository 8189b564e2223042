"""Issue 13: the public follows a recommendation, a service or the meetings by email, without
an account — double opt-in, news in their language, one-click unsubscribe."""

from datetime import timedelta

from sqlalchemy import func, select

from council.extensions import db
from council.notifications.models import PublicFollow
from council.recommendations import operations
from council.recommendations.models import Commitment
from tests.conftest import link_in, outbox
from tests.meeting_helpers import move_meeting, new_meeting
from tests.recommendation_helpers import a_council, a_service, adopted, an_official, transmit


def follow(client, path, email="neighbour@example.org", locale="ar"):
    return client.submit(path, {"email": email, "locale": locale})


def mails_to(email):
    return [m for m in outbox() if m.recipient == email]


def test_the_public_follows_a_recommendation_and_gets_the_follow_up(client, make_user):
    council = a_council(make_user)
    recommendation = adopted(council)
    path = f"/follow-by-email/recommendation/{recommendation.id}"
    assert client.get(path).status_code == 404  # not transmitted yet: not the public's
    habitat = a_service()
    official = an_official(make_user, habitat, "agent@ville.example")
    transmit(council, recommendation, [habitat])
    page = client.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    assert path in page
    assert follow(client, path).status_code == 303
    [confirmation] = mails_to("neighbour@example.org")
    assert confirmation.locale == "ar"
    target = recommendation.deadline
    operations.respond_to_recommendation(
        recommendation,
        official,
        service=habitat,
        status="accepted",
        justification="Oui.",
        commitments=[{"text": "Publier", "target_date": target}],
    )
    db.session.commit()
    assert len(mails_to("neighbour@example.org")) == 1  # not confirmed: nothing sent
    assert client.get(link_in(confirmation.body)).status_code == 200
    assert client.get(link_in(confirmation.body)).status_code == 404  # single use
    follow(client, path)  # asking again once confirmed sends nothing more
    assert len(mails_to("neighbour@example.org")) == 1
    commitment = db.session.scalars(select(Commitment)).one()
    operations.post_follow_up(commitment, official, status="in_progress", note="En cours.")
    db.session.commit()
    _, news = mails_to("neighbour@example.org")
    assert news.locale == "ar" and news.unsubscribe_url in news.body
    assert f"/recommendations/{recommendation.id}" in news.body
    assert "/follow-by-email/stop/" in news.unsubscribe_url
    # One click from the mail program: the address is forgotten.
    stop = link_in(news.unsubscribe_url)
    assert client.post(stop).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(PublicFollow)) == 0


def test_a_service_and_the_meetings_can_be_followed(client, make_user):
    from council.roles import Role

    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org")
    habitat = a_service()
    assert follow(client, f"/follow-by-email/service/{habitat.id}", locale="fr").status_code == 303
    assert follow(client, "/follow-by-email/meetings", locale="en").status_code == 303
    for confirmation in mails_to("neighbour@example.org"):
        client.get(link_in(confirmation.body))
    meeting = new_meeting(secretary, title="Plénière de décembre")
    db.session.commit()
    news = mails_to("neighbour@example.org")[-1]
    assert news.locale == "en" and "Plénière de décembre" in news.subject
    assert f"/meetings/{meeting.id}.ics" in news.body
    assert client.get("/follow-by-email/meetings/1").status_code == 404
    assert client.get("/follow-by-email/poem/1").status_code == 404
    bad = client.submit("/follow-by-email/meetings", {"email": "not an address", "locale": "fr"})
    assert (
        bad.status_code == 200
        and db.session.scalar(select(func.count()).select_from(PublicFollow)) == 2
    )


def test_who_follows_the_meetings_hears_of_a_new_date_and_of_a_cancellation(client, make_user):
    from council import proceedings
    from council.roles import Role

    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org")
    assert follow(client, "/follow-by-email/meetings", locale="fr").status_code == 303
    follow(client, "/follow-by-email/meetings", email="unconfirmed@example.org")
    client.get(link_in(mails_to("neighbour@example.org")[0].body))
    meeting = new_meeting(secretary, title="Plénière de janvier")
    db.session.commit()
    later = meeting.starts_at + timedelta(days=1)
    move_meeting(meeting, secretary, to=later, place="Salle B")
    db.session.commit()
    # the title alone: nothing to tell
    move_meeting(meeting, secretary, to=later, title="Plénière de janvier (ordre du jour)")
    db.session.commit()
    proceedings.cancel_meeting(meeting, secretary, reason="Salle fermée")
    db.session.commit()
    _confirmation, scheduled, changed, cancelled = mails_to("neighbour@example.org")
    assert changed.locale == "fr" and "a changé" in changed.subject  # once, not for the title
    assert f"/meetings/{meeting.id}.ics" in changed.body  # the calendar entry to replace
    assert "annulée" in cancelled.subject
    assert len(mails_to("unconfirmed@example.org")) == 1  # its confirmation only
