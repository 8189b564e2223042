"""council/signals.py: each event of the council's life is sent once, after its rows are
flushed, with the documented sender and keywords; receivers run inside the transaction."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from council import proceedings, signals
from council.dates import council_today
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings.changes import change_meeting, publish_agenda
from council.minutes import operations as minutes_ops
from council.minutes.queries import minutes_of
from council.polls import operations as polls
from council.recommendations import operations as recommendations
from council.recommendations.reminders import send_reminders
from council.referrals import operations as referrals
from council.referrals.models import Referral
from tests.integration_helpers import a_council, start_with_everyone_present
from tests.meeting_helpers import new_meeting
from tests.recommendation_helpers import a_council as voting_council
from tests.recommendation_helpers import a_service, adopted, transmit
from tests.referral_helpers import comment_on, housing_service, official_of

ALL = {
    name: value
    for name, value in vars(signals).items()
    if isinstance(value, type(signals.poll_opened))
}


@pytest.fixture
def sent():
    """Every signal sent during the test: (name, sender, keywords), checked on the way that
    the sender's row was flushed (it has an id) and that `by` was given."""
    seen = []

    def listener(name):
        def record(sender, **keywords):
            assert getattr(sender, "id", None) is not None, name
            assert "by" in keywords, name
            seen.append((name, sender, keywords))

        return record

    receivers = [(signal, listener(name)) for name, signal in ALL.items()]
    for signal, receiver in receivers:
        signal.connect(receiver)
    yield seen
    for signal, receiver in receivers:
        signal.disconnect(receiver)


def names(sent) -> list[str]:
    return [name for name, *_ in sent]


def _on_the_agenda(council):
    return meetings.add_agenda_item(
        council.meeting, council.secretary, kind="proposal", title="",
        proposal_id=council.proposal.id,
    )  # fmt: skip


def _open_poll_on(item, secretary):
    poll = polls.prepare_poll(
        item, secretary, question="Adopt?", majority="simple", secrecy="named",
        mode="in_meeting", method="electronic",
    )  # fmt: skip
    polls.open_poll(poll, secretary)
    return poll


def test_every_signal_is_declared_once_with_its_documentation():
    assert len(ALL) == 25
    for name, signal in ALL.items():
        assert signal.name == name.replace("_", "-")
        assert "sender:" in signal.__doc__, name
        assert "not sent yet" not in signal.__doc__, name  # every declared signal is sent


def test_a_meeting_change_and_a_published_agenda_are_sent_once_each(make_user, sent):
    council = a_council(make_user)
    meeting, secretary = council.meeting, council.secretary
    sent.clear()
    later = meeting.starts_at + timedelta(days=1)
    details = {"title": meeting.title, "place": "Salle B", "online_url": ""}
    change_meeting(
        meeting, secretary, starts_at=later, ends_at=later + timedelta(hours=3), **details
    )
    change_meeting(  # the title alone: saved, not told
        meeting, secretary, starts_at=later, ends_at=later + timedelta(hours=3),
        **{**details, "title": "Autre titre"},
    )  # fmt: skip
    [(name, sender, keywords)] = sent  # one signal for three fields; none for the title
    assert name == "meeting_changed" and sender is meeting and keywords["by"] is secretary
    assert set(keywords["changes"]) == {"starts_at", "ends_at", "place"}
    _on_the_agenda(council)
    sent.clear()
    publish_agenda(meeting, secretary)
    meetings.add_agenda_item(meeting, secretary, kind="other", title="Divers", description="")
    publish_agenda(meeting, secretary)  # changed and published again: told again, once
    db.session.commit()
    assert names(sent) == ["agenda_published", "agenda_published"]
    assert [keywords["by"] for *_, keywords in sent] == [secretary, secretary]


def test_the_life_of_a_proposal_from_the_agenda_to_the_citys_answer(app, make_user, sent):
    council = a_council(make_user)  # a referral, a submitted proposal, a scheduled meeting
    assert names(sent).count("proposal_cosigned") == 2
    assert {"referral_created", "proposal_submitted", "meeting_scheduled"} <= set(names(sent))
    sent.clear()

    item = _on_the_agenda(council)
    start_with_everyone_present(council)
    proxy = meetings.give_proxy(
        council.meeting, council.secretary, giver=council.cosigners[0], holder=council.cosigners[1]
    )
    meetings.revoke_proxy(proxy, council.secretary)
    poll = _open_poll_on(item, council.secretary)
    for voter in council.voters:
        polls.cast_ballot(poll, voter, choice="for")
    result = proceedings.close_poll(poll, council.secretary)
    proceedings.close_meeting(council.meeting, council.secretary)
    db.session.commit()
    assert names(sent) == [
        "proposal_scheduled",
        "proxy_given",
        "proxy_withdrawn",
        "poll_opened",
        "proposal_adopted",
        "recommendation_adopted",
        "poll_closed",
        "meeting_closed",
    ]
    by_name = {name: (sender, keywords) for name, sender, keywords in sent}
    assert by_name["proposal_scheduled"][0] is council.proposal
    assert by_name["proxy_withdrawn"][0].giver_id == council.cosigners[0].id
    assert by_name["poll_closed"] == (poll, {"by": council.secretary, "result": result})
    assert by_name["meeting_closed"][1]["minutes"] is minutes_of(council.meeting)
    recommendation = by_name["recommendation_adopted"][0]
    assert recommendation.proposal_id == council.proposal.id
    sent.clear()

    with app.test_request_context():
        minutes = minutes_of(council.meeting)
        minutes_ops.approve_by_bureau(
            minutes, council.secretary, decision="Approved.", allowed=True
        )
        minutes_ops.publish_minutes(minutes, council.secretary)
    service = council.referral.service
    transmit((council.secretary,), recommendation, [service])
    official = council.official
    recommendations.respond_to_recommendation(
        recommendation,
        official,
        service=service,
        status="under_study",
        justification="On y travaille.",
    )
    version = recommendations.respond_to_recommendation(
        recommendation,
        official,
        service=service,
        status="accepted",
        justification="",
        commitments=[{"text": "Une permanence", "target_date": recommendation.deadline}],
    )
    [commitment] = recommendation.response_of(service).live_commitments
    recommendations.post_follow_up(
        commitment, official, status="in_progress", note="Bien parti", percent=40
    )
    db.session.commit()
    assert names(sent) == [
        "minutes_approved",
        "minutes_published",
        "recommendation_transmitted",
        "response_posted",
        "response_posted",
        "response_revised",
        "follow_up_posted",
    ]
    assert sent[0][2] == {"by": council.secretary, "via": "bureau"}
    assert sent[2][2]["service_ids"] == [service.id]
    assert sent[2][2]["deadline"] == recommendation.deadline
    assert sent[5][2] == {"by": official, "service_id": service.id, "version": version}
    assert sent[6][2]["follow_up"] is commitment.follow_ups[0]


def test_deadlines_rejections_cancellations_and_comments(make_user, sent):
    council = a_council(make_user, answers_referral=False)
    item = _on_the_agenda(council)
    start_with_everyone_present(council)
    poll = _open_poll_on(item, council.secretary)
    for voter in council.voters:
        polls.cast_ballot(poll, voter, choice="against")
    proceedings.close_poll(poll, council.secretary)
    other = new_meeting(council.secretary, days=20, title="Later")
    proceedings.cancel_meeting(other, council.secretary, reason="No room")
    comment = comment_on(council.referral, council.author)
    db.session.commit()
    tail = [(name, sender) for name, sender, _ in sent][-5:]
    assert tail == [
        ("proposal_rejected", council.proposal),
        ("poll_closed", poll),
        ("meeting_scheduled", other),
        ("meeting_cancelled", other),
        ("comment_posted", comment),
    ]
    assert sent[-2][2] == {"by": council.secretary, "reason": "No room"}
    assert sent[-1][2]["obj"] is council.referral and sent[-1][2]["by"] is council.author


def test_reminders_send_deadline_signals_without_an_actor(make_user, sent):
    council = voting_council(make_user)
    recommendation = transmit(council, adopted(council), [a_service()])
    deadline = recommendation.deadline
    sent.clear()
    send_reminders(deadline - timedelta(days=7))
    send_reminders(deadline)
    assert [(name, keywords["by"]) for name, _, keywords in sent] == [
        ("deadline_near", None),
        ("deadline_reached", None),
    ]
    assert sent[0][2]["deadline"] == deadline


def test_receivers_run_inside_the_operations_transaction(make_user):
    """A receiver's rows are rolled back with the operation's, and committed with them."""
    official = official_of(make_user, housing_service())

    def ask(question):
        return referrals.create_referral(
            official,
            question=question,
            context="",
            service=official.services[0],
            wished_answer_date=council_today() + timedelta(days=30),
            language="fr",
        )

    def follow_up_question(referral, *, by, **extra):
        if referral.question == "First?":
            ask("Second?")

    signals.referral_created.connect(follow_up_question)
    try:
        ask("First?")
        db.session.rollback()
        assert db.session.scalars(select(Referral.question)).all() == []
        ask("First?")
        db.session.commit()
    finally:
        signals.referral_created.disconnect(follow_up_question)
    questions = db.session.scalars(select(Referral.question).order_by(Referral.id)).all()
    assert questions == ["First?", "Second?"]
