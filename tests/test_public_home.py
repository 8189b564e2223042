"""Issue 13: the public home page shows the next meeting with its agenda, the city's latest
answers, the recommendations whose deadline passed unanswered and the latest minutes — each
linking to its page; the anonymous page cache refreshes when they change."""

from datetime import timedelta

from council.extensions import db
from council.meetings import operations as meetings
from council.recommendations import operations
from council.recommendations.reminders import send_reminders
from tests.recommendation_helpers import a_council, a_service, adopted, an_official, transmit


def test_the_public_home_page_carries_the_loop(client, make_user):
    council = a_council(make_user)
    secretary = council[0]
    answered = adopted(council, title="Des bancs à l’ombre")
    late = adopted(council, title="Un guichet le samedi")
    habitat = a_service()
    official = an_official(make_user, habitat, "agent@ville.example")
    transmit(council, answered, [habitat])
    transmit(council, late, [habitat])
    later = council[2].starts_at + timedelta(days=20)
    upcoming = meetings.schedule_meeting(
        secretary,
        kind="plenary",
        title="Plénière d’avril",
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        place="Salle des fêtes",
    )
    meetings.add_agenda_item(
        upcoming, secretary, kind="other", title="Le budget participatif", description=""
    )
    db.session.commit()

    page = client.get("/").get_data(as_text=True)
    assert "The next meeting" in page and "Plénière d’avril" in page
    assert "Salle des fêtes" in page and "Le budget participatif" in page
    assert f'href="/meetings/{upcoming.id}"' in page
    assert "The city’s latest answers" not in page  # nothing answered yet

    operations.respond_to_recommendation(
        answered, official, service=habitat, status="accepted", justification="Oui."
    )
    db.session.commit()
    send_reminders(late.deadline)  # the cron, on the day the deadline passes
    db.session.commit()
    page = client.get("/").get_data(as_text=True)  # the cached copy was refreshed
    assert "The city’s latest answers" in page and f'href="/recommendations/{answered.id}"' in page
    assert "Deadline passed, no answer yet" in page
    overdue = page.split("Deadline passed, no answer yet")[1]
    assert "Un guichet le samedi" in overdue and "Des bancs à l’ombre" not in overdue


def test_a_secretary_and_an_official_find_what_waits_for_them(client, make_user):
    from council.roles import Role

    council = a_council(make_user)  # a plenary in session
    waiting = adopted(council, title="Des bancs à l’ombre")
    other_secretary = make_user(Role.SECRETARY, email="second@example.org")
    client.login(other_secretary.email)
    page = client.get("/me").get_data(as_text=True)
    assert "To do" in page
    assert f'href="/meetings/{council[2].id}/attendance"' in page  # in session
    assert f'href="/recommendations/{waiting.id}/transmit"' in page
    assert "Transmit the recommendation" in page
    client.logout()

    habitat = a_service()
    official = an_official(make_user, habitat, "agent@ville.example")
    transmit(council, waiting, [habitat])
    client.login(official.email)
    page = client.get("/me").get_data(as_text=True)
    assert "1 recommendation waits for your answer" in page
    assert f'href="/inbox/{waiting.id}/services/{habitat.id}/respond"' in page
