"""The demo tells a true story, dated from today: every event comes after the one it follows
(written → submitted → put on an agenda → debated → adopted → transmitted → answered →
followed up), meetings are held on weekday evenings in the city's time and named after their
month, nothing is stamped in the future, and there is enough of it to show every page."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from council.audit.models import AuditEvent
from council.db_types import utcnow
from council.demo_calendar import MONTHS
from council.extensions import db
from council.meetings.models import AgendaItem, Meeting, MeetingState
from council.minutes.models import Minutes
from council.polls.models import Poll
from council.proposals.models import Proposal, ProposalCosignature, ProposalState
from council.recommendations.models import Recommendation
from council.recommendations.queries import is_overdue

CITY = ZoneInfo("Europe/Paris")


def test_the_demo_tells_a_true_story(app):
    """One load (about ten seconds), every check on it."""
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    story = utcnow()
    every_proposal_moves_forward_in_time(story)
    meetings_are_on_weekday_evenings_named_after_their_month(story)
    proposals_are_scheduled_then_debated_then_decided(story)
    recommendations_are_sent_answered_and_followed_up_in_order(story)
    minutes_are_written_approved_then_published_after_their_meeting(story)
    nothing_is_stamped_in_the_future_and_the_audit_chain_holds(app, story)


def in_order(*moments):
    """Each moment strictly after the one before it."""
    return all(earlier < later for earlier, later in zip(moments, moments[1:], strict=False))


def every_proposal_moves_forward_in_time(story):
    proposals = db.session.scalars(select(Proposal)).all()
    assert len(proposals) >= 30
    assert len({p.language for p in proposals}) == 8
    assert {p.state for p in proposals} == set(ProposalState)
    for proposal in proposals:
        events = sorted(proposal.events, key=lambda event: event.id)
        moments = [proposal.created_at] + [event.at for event in events[1:]]
        assert in_order(*moments, story), proposal.title
        if proposal.support_opened_at:
            assert proposal.created_at < proposal.support_opened_at
            signed = db.session.scalars(
                select(ProposalCosignature.signed_at).where(
                    ProposalCosignature.proposal_id == proposal.id
                )
            ).all()
            assert all(proposal.support_opened_at < moment < story for moment in signed)
        if proposal.submitted_at:
            assert proposal.support_opened_at < proposal.submitted_at


def meetings_are_on_weekday_evenings_named_after_their_month(story):
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
    past = [m for m in meetings if m.state == MeetingState.CLOSED]
    coming = [m for m in meetings if m.state == MeetingState.PLANNED]
    assert len(past) >= 4 and len(coming) >= 2
    assert all(m.starts_at > story for m in coming)
    assert story - timedelta(days=200) < past[0].starts_at
    for meeting in meetings:
        local = meeting.starts_at.astimezone(CITY)
        assert 17 <= local.hour <= 20, (meeting.title, local)
        assert local.weekday() < 5 and local.month != 8
        assert MONTHS[local.month - 1] in meeting.title and str(local.year) in meeting.title
        assert meeting.created_at < meeting.starts_at - timedelta(days=7)
    for meeting in past:
        polls = [poll for item in meeting.items for poll in item.polls]
        assert polls
        closes = sorted(poll.closed_at for poll in polls)
        assert in_order(meeting.starts_at, meeting.started_at, *closes, meeting.closed_at)
        assert meeting.closed_at < meeting.ends_at


def proposals_are_scheduled_then_debated_then_decided(story):
    decided = db.session.scalars(select(Proposal).where(Proposal.decided_at.is_not(None))).all()
    assert len(decided) >= 8
    for proposal in decided:
        [item] = db.session.scalars(
            select(AgendaItem).where(AgendaItem.proposal_id == proposal.id)
        ).all()
        scheduled = next(e.at for e in proposal.events if e.to_state == ProposalState.SCHEDULED)
        [poll] = db.session.scalars(select(Poll).where(Poll.item_id == item.id)).all()
        assert in_order(
            proposal.submitted_at,
            scheduled,
            item.meeting.starts_at,
            poll.closed_at,
            proposal.decided_at,
            item.meeting.closed_at,
        ), proposal.title


def recommendations_are_sent_answered_and_followed_up_in_order(story):
    recommendations = db.session.scalars(select(Recommendation)).all()
    assert len(recommendations) >= 6
    assert len({r.service.name for rec in recommendations for r in rec.responses}) == 3
    assert len([rec for rec in recommendations if is_overdue(rec)]) == 1
    for recommendation in recommendations:
        meeting = recommendation.meeting
        assert in_order(meeting.starts_at, recommendation.adopted_at, meeting.closed_at)
        assert in_order(recommendation.adopted_at, recommendation.transmitted_at, story)
        for response in recommendation.responses:
            answered = response.first_answered_at
            assert in_order(recommendation.transmitted_at, answered, story)
            for commitment in response.live_commitments:
                assert commitment.target_date > answered.astimezone(CITY).date()
                for follow_up in commitment.follow_ups:
                    assert answered.astimezone(CITY).date() < follow_up.on_date
                    assert in_order(answered, follow_up.created_at, story)


def minutes_are_written_approved_then_published_after_their_meeting(story):
    minutes = db.session.scalars(select(Minutes)).all()
    assert len(minutes) >= 4
    for record in minutes:
        assert record.is_public
        assert in_order(record.meeting.closed_at, record.approved_at, record.published_at, story)


def nothing_is_stamped_in_the_future_and_the_audit_chain_holds(app, story):
    moments = db.session.scalars(select(AuditEvent.at)).all()
    assert moments and max(moments) < story
    assert app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0
