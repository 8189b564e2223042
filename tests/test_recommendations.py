"""Recommendations: creation at adoption, transmission, responses with versions, follow-ups,
derived overdue, reminders and the event hook — through the operations the pages and API use."""

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from council import signals
from council.dates import council_today
from council.errors import OperationError
from council.extensions import db
from council.notifications.kinds import notification_text
from council.notifications.models import Notification, NotificationKind
from council.polls import operations as polls
from council.proceedings import close_poll
from council.recommendations import operations, queries
from council.recommendations.models import (
    Commitment,
    FollowUp,
    Recommendation,
    RecommendationState,
    ResponseVersion,
)
from council.recommendations.reminders import send_reminders
from council.services import operations as services
from tests.conftest import outbox
from tests.proposal_factories import a_submitted
from tests.recommendation_helpers import a_council, a_service, adopted, an_official, transmit


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture(autouse=True)
def in_english(app):
    """Operations speak the request's language: these tests read English messages."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


RECOMMENDATION_SIGNALS = (
    "recommendation_adopted",
    "recommendation_transmitted",
    "response_posted",
    "follow_up_posted",
    "deadline_near",
    "deadline_reached",
)


@pytest.fixture
def heard():
    """Every recommendation signal sent during the test, as (name, recommendation id, data),
    with users and rows in the data given by their ids."""
    seen = []

    def listener(name):
        def record(recommendation, **data):
            data = {key: getattr(value, "id", value) for key, value in data.items()}
            seen.append((name, recommendation.id, data))

        return record

    receivers = [(getattr(signals, name), listener(name)) for name in RECOMMENDATION_SIGNALS]
    for signal, receiver in receivers:
        signal.connect(receiver)
    yield seen
    for signal, receiver in receivers:
        signal.disconnect(receiver)


def test_an_adopted_proposal_becomes_a_frozen_recommendation(make_user, heard):
    council = a_council(make_user)
    recommendation = adopted(council, title="Des bancs publics", body="Plus de *bancs*.")
    assert recommendation.state == RecommendationState.ADOPTED
    assert (recommendation.title, recommendation.body) == ("Des bancs publics", "Plus de *bancs*.")
    assert recommendation.language == "fr" and recommendation.frozen_translations == {}
    assert recommendation.poll_result.votes_for == 4
    assert recommendation.meeting_id == council[2].id
    recommendation.proposal.title = "Changed later"
    db.session.commit()
    assert db.session.get(Recommendation, recommendation.id).title == "Des bancs publics"
    assert heard == [("recommendation_adopted", recommendation.id, {"by": council[0].id})]
    # Called again for the same proposal (a retried close), it returns the same one.
    again = operations.create_recommendation(
        recommendation.proposal, council[0], result=recommendation.poll_result
    )
    assert again.id == recommendation.id and count(Recommendation) == 1


def test_a_rejected_poll_creates_no_recommendation(make_user):
    assert adopted(a_council(make_user), outcome="against") is None
    assert count(Recommendation) == 0


def test_closing_a_poll_about_a_proposal_creates_it_through_the_bridge(make_user):
    from council.meetings import operations as meetings

    secretary, members, meeting = a_council(make_user)
    proposal = a_submitted(members[0], members[1:], title="Via the bridge")
    item = meetings.add_agenda_item(
        meeting,
        secretary,
        kind="proposal",
        title="",
        description="",
        proposal_id=proposal.id,
    )
    poll = polls.prepare_poll(
        item, secretary, question="Adopt?", majority="simple", secrecy="named",
        mode="in_meeting", method="electronic",
    )  # fmt: skip
    polls.open_poll(poll, secretary)
    db.session.commit()
    for voter in (secretary, *members):
        polls.cast_ballot(poll, voter, choice="for")
    close_poll(poll, secretary)
    db.session.commit()
    assert db.session.scalar(select(Recommendation.title)) == "Via the bridge"
    assert count(Recommendation) == 1  # the bridge makes exactly one


def test_transmission_notifies_officials_and_the_service_address(make_user, heard):
    council = a_council(make_user)
    recommendation = adopted(council, title="Des logements")
    habitat = a_service()
    services.set_name_translations(habitat, {"ar": "مديرية السكن"})
    official = an_official(make_user, habitat, "agent@ville.example", locale="ar")
    transmit(council, recommendation, [habitat])
    assert recommendation.state == RecommendationState.TRANSMITTED
    assert recommendation.deadline == council_today() + timedelta(days=60)
    [notification] = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.RECOMMENDATION_RECEIVED)
    ).all()
    assert notification.user_id == official.id
    # Each reader sees the service's name in their own language, whenever they read it.
    with force_locale("ar"):
        assert "مديرية السكن" in notification_text(notification)
    with force_locale("tr"):
        assert "Direction de l'habitat" in notification_text(notification)
    mails = {m.recipient: m for m in outbox()}
    assert set(mails) == {"habitat@ville.example", "agent@ville.example"}
    assert mails["habitat@ville.example"].locale == "fr"
    assert "Des logements" in mails["habitat@ville.example"].subject
    assert mails["agent@ville.example"].locale == "ar"
    assert f"/recommendations/{recommendation.id}" in mails["habitat@ville.example"].body
    kinds = [kind for kind, *_ in heard]
    assert kinds == ["recommendation_adopted", "recommendation_transmitted"]
    assert heard[1][2]["service_ids"] == [habitat.id]


@pytest.mark.parametrize(
    ("deadline", "services", "message"),
    [
        (-1, True, "The response deadline must be after today."),
        (0, True, "The response deadline must be after today."),
        (800, True, "The response deadline must be within two years."),
        (30, False, "Choose at least one service."),
    ],
)
def test_transmission_refuses_bad_input_and_changes_nothing(make_user, deadline, services, message):
    council = a_council(make_user)
    recommendation = adopted(council)
    habitat = a_service()
    with pytest.raises(OperationError, match=message):
        operations.transmit_recommendation(
            recommendation,
            council[0],
            services=[habitat] if services else [],
            deadline=council_today() + timedelta(days=deadline),
        )
    db.session.rollback()
    recommendation = db.session.get(Recommendation, recommendation.id)
    assert recommendation.state == RecommendationState.ADOPTED and recommendation.deadline is None
    assert outbox() == []


def test_only_a_secretary_transmits_and_only_once(make_user):
    council = a_council(make_user)
    recommendation = adopted(council)
    habitat = a_service()
    with pytest.raises(OperationError, match="You cannot do this"):
        operations.transmit_recommendation(recommendation, council[1][0], services=[habitat])
    transmit(council, recommendation, [habitat])
    with pytest.raises(OperationError, match="already been transmitted"):
        operations.transmit_recommendation(recommendation, council[0], services=[habitat])


def _answered(make_user, heard=None):
    council = a_council(make_user)
    recommendation = adopted(council)
    habitat = a_service()
    health = a_service("Santé publique", "sante@ville.example")
    official = an_official(make_user, habitat, "agent@ville.example")
    transmit(council, recommendation, [habitat, health])
    return council, recommendation, habitat, health, official


def test_responses_are_versioned_and_commitments_revised(make_user, heard):
    council, recommendation, habitat, health, official = _answered(make_user)
    target = council_today() + timedelta(days=90)
    operations.respond_to_recommendation(
        recommendation,
        official,
        service=habitat,
        status="partially_accepted",
        justification="Budget limité.",
        commitments=[
            {"text": "Publier les délais", "target_date": target},
            {"text": "Une permanence", "target_date": target.isoformat()},
        ],
    )
    db.session.commit()
    assert recommendation.state == RecommendationState.TRANSMITTED  # health has not answered
    first, second = recommendation.response_of(habitat).live_commitments
    # The same response again (a double submit) adds nothing.
    operations.respond_to_recommendation(
        recommendation,
        official,
        service=habitat,
        status="partially_accepted",
        justification="Budget limité.",
        commitments=[
            {"id": first.id, "text": "Publier les délais", "target_date": target},
            {"id": second.id, "text": "Une permanence", "target_date": target},
        ],
    )
    assert count(ResponseVersion) == 1
    # A revision: the first commitment is reworded, the second withdrawn, a third added.
    version = operations.respond_to_recommendation(
        recommendation,
        official,
        service=habitat,
        status="accepted",
        justification="",
        commitments=[
            {"id": first.id, "text": "Publier les délais chaque année", "target_date": target},
            {"id": second.id, "text": "", "target_date": None},
            {"text": "Un guide traduit", "target_date": target},
        ],
    )
    db.session.commit()
    response = recommendation.response_of(habitat)
    assert [v.number for v in response.versions] == [1, 2] and version.number == 2
    assert response.versions[0].commitments[0]["text"] == "Publier les délais"
    assert [c["text"] for c in version.commitments] == [
        "Publier les délais chaque année",
        "Un guide traduit",
    ]
    assert second.dropped_in == 2 and first.id == response.live_commitments[0].id
    operations.respond_to_recommendation(
        recommendation, None, service=health, status="under_study", justification="À l'étude"
    )
    db.session.commit()
    assert recommendation.state == RecommendationState.ANSWERED
    assert recommendation.answered_at is not None
    assert [k for k, *_ in heard].count("response_posted") == 3


@pytest.mark.parametrize(
    ("status", "justification", "rows", "message"),
    [
        ("maybe", "x", [], "Choose an option from the list."),
        (None, "x", [], "Choose an option from the list."),
        ("rejected", "  ", [], "Explain why"),
        ("accepted", 42, [], "Use at most"),
        ("accepted", "", [{"text": "No date"}], "Give each commitment a target date"),
        ("accepted", "", [{"text": "x", "target_date": "tomorrow"}], "Enter a date like"),
        ("accepted", "", [{"text": "x", "target_date": "2001-01-01"}], "cannot be in the past"),
        ("accepted", "", [{"id": 999_999, "text": "x", "target_date": "2099-01-01"}],
         "does not belong to this response"),
        ("accepted", "", ["not a dict"], "could not be read"),
    ],
)  # fmt: skip
def test_bad_responses_are_refused_and_change_nothing(
    make_user, status, justification, rows, message
):
    council, recommendation, habitat, health, official = _answered(make_user)
    with pytest.raises(OperationError, match=message):
        operations.respond_to_recommendation(
            recommendation,
            official,
            service=habitat,
            status=status,
            justification=justification,
            commitments=rows,
        )
    db.session.rollback()
    assert count(ResponseVersion) == 0 and count(Commitment) == 0


def test_an_official_cannot_answer_for_another_service(make_user):
    council, recommendation, habitat, health, official = _answered(make_user)
    other = a_service("Culture", "culture@ville.example")
    with pytest.raises(OperationError, match="You cannot do this"):
        operations.respond_to_recommendation(
            recommendation, official, service=health, status="accepted", justification=""
        )
    with pytest.raises(OperationError, match="You cannot do this"):  # not addressed at all
        operations.respond_to_recommendation(
            recommendation, None, service=other, status="accepted", justification=""
        )
    db.session.rollback()
    assert count(ResponseVersion) == 0


def _commitment(make_user):
    council, recommendation, habitat, health, official = _answered(make_user)
    operations.respond_to_recommendation(
        recommendation,
        official,
        service=habitat,
        status="accepted",
        justification="",
        commitments=[
            {"text": "Publier les délais", "target_date": council_today() + timedelta(days=30)}
        ],
    )
    db.session.commit()
    return recommendation.response_of(habitat).commitments[0], official, health


def test_follow_ups_are_dated_and_checked(make_user, heard):
    commitment, official, health = _commitment(make_user)
    operations.post_follow_up(
        commitment, official, status="in_progress", note="Bien parti", percent=40
    )
    operations.post_follow_up(
        commitment, official, status="in_progress", note="Bien parti", percent=40
    )  # twice
    operations.post_follow_up(commitment, official, status="done", note="", percent=100)
    db.session.commit()
    assert [f.status.value for f in commitment.follow_ups] == ["in_progress", "done"]
    assert commitment.is_done and commitment.follow_ups[0].on_date == council_today()
    assert [k for k, *_ in heard].count("follow_up_posted") == 2


@pytest.mark.parametrize(
    ("status", "note", "percent", "on_date", "message"),
    [
        ("abandoned", "  ", None, None, "Give the reason"),
        ("finished", "", None, None, "Choose an option"),
        ("done", "", 101, None, "from 0 to 100"),
        ("done", "", -1, None, "from 0 to 100"),
        ("done", "", "50", None, "from 0 to 100"),
        ("done", "", True, None, "from 0 to 100"),
        ("done", "", None, "2999-01-01", "cannot be in the future"),
        ("done", "", None, "2001-01-01", "before the recommendation was transmitted"),
    ],
)
def test_bad_follow_ups_are_refused(make_user, status, note, percent, on_date, message):
    commitment, official, health = _commitment(make_user)
    with pytest.raises(OperationError, match=message):
        operations.post_follow_up(
            commitment, official, status=status, note=note, percent=percent, on_date=on_date
        )
    db.session.rollback()
    assert count(FollowUp) == 0


def test_a_follow_up_on_another_services_commitment_is_refused(make_user):
    commitment, official, health = _commitment(make_user)
    stranger = an_official(make_user, health, "sante-agent@ville.example")
    with pytest.raises(OperationError, match="You cannot do this"):
        operations.post_follow_up(commitment, stranger, status="done")
    assert count(FollowUp) == 0


def test_overdue_is_derived_and_reminders_go_once(make_user, heard):
    council, recommendation, habitat, health, official = _answered(make_user)
    deadline = recommendation.deadline
    operations.respond_to_recommendation(
        recommendation, official, service=habitat, status="accepted", justification=""
    )
    db.session.commit()
    assert send_reminders(deadline - timedelta(days=8)) == 0
    assert send_reminders(deadline - timedelta(days=7)) == 1  # health only: habitat answered
    assert send_reminders(deadline - timedelta(days=5)) == 0  # idempotent
    reminder = outbox()[-1]
    assert reminder.recipient == "sante@ville.example" and "7" in reminder.subject
    assert ("deadline_near", recommendation.id) in [(k, r) for k, r, _ in heard]
    assert not queries.is_overdue(recommendation, deadline)
    assert send_reminders(deadline) == 1
    assert send_reminders(deadline + timedelta(days=3)) == 0
    assert queries.is_overdue(recommendation, deadline + timedelta(days=1))
    assert queries.overdue_services(recommendation, deadline + timedelta(days=1)) == [health]
    # Answering late ends the overdue state; the service stays "answered late".
    operations.respond_to_recommendation(
        recommendation, None, service=health, status="rejected", justification="Non."
    )
    late = council_today() > deadline
    assert queries.standing(recommendation, health, council_today()).value == (
        "late" if late else "on_time"
    )
    assert not queries.is_overdue(recommendation, deadline + timedelta(days=1))
