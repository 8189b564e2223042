"""The annual report the municipal council debates: a year of the council in figures.

Only public facts: meetings, attendance counts (no names), proposals from submission on,
closed polls with their frozen results, referrals and the services' answers, and (once merged)
recommendations with the state of the services' responses.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from council.extensions import db
from council.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingState
from council.minutes.models import Minutes
from council.polls.models import Outcome, Poll, PollResult, PollState
from council.proposals.models import Proposal, ProposalState
from council.recommendations.models import Recommendation
from council.recommendations.queries import is_overdue
from council.referrals.models import Referral, ReferralStatus

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass
class MeetingRow:
    meeting: Meeting
    present: int
    recorded: int
    minutes: Minutes | None

    @property
    def rate(self) -> float | None:
        return self.present / self.recorded if self.recorded else None


@dataclass
class ServiceReferrals:
    name: str
    counts: Counter = field(default_factory=Counter)
    overdue: int = 0


@dataclass
class YearReport:
    year: int
    meetings: list[MeetingRow]
    proposals: Counter
    polls: list[tuple[Poll, PollResult]]
    outcomes: Counter
    referrals: list[ServiceReferrals]
    recommendations: dict | None

    @property
    def held(self) -> list[MeetingRow]:
        return [row for row in self.meetings if row.meeting.state == MeetingState.CLOSED]

    @property
    def attendance_rate(self) -> float | None:
        recorded = sum(row.recorded for row in self.held)
        return sum(row.present for row in self.held) / recorded if recorded else None


def _bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def _meetings(start, end) -> list[MeetingRow]:
    meetings = db.session.scalars(
        select(Meeting)
        .where(Meeting.starts_at >= start, Meeting.starts_at < end)
        .order_by(Meeting.starts_at)
    ).all()
    rows = []
    for meeting in meetings:
        statuses = db.session.scalars(
            select(Attendance.status).where(Attendance.meeting_id == meeting.id)
        ).all()
        minutes = db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
        present = sum(1 for status in statuses if status == AttendanceStatus.PRESENT)
        rows.append(MeetingRow(meeting, present, len(statuses), minutes))
    return rows


def _proposals(start, end) -> Counter:
    """Proposals submitted during the year (drafts are private), by their state today."""
    states = db.session.scalars(
        select(Proposal.state).where(
            Proposal.submitted_at >= start,
            Proposal.submitted_at < end,
            Proposal.state != ProposalState.DRAFT,
        )
    )
    return Counter(states)


def _polls(start, end) -> list[tuple[Poll, PollResult]]:
    rows = db.session.execute(
        select(Poll, PollResult)
        .join(PollResult, PollResult.poll_id == Poll.id)
        .where(Poll.state == PollState.CLOSED, Poll.closed_at >= start, Poll.closed_at < end)
        .order_by(Poll.closed_at)
    ).all()
    return [(poll, result) for poll, result in rows]


def _referrals(start, end) -> list[ServiceReferrals]:
    referrals = db.session.scalars(
        select(Referral).where(Referral.created_at >= start, Referral.created_at < end)
    ).all()
    by_service: dict[str, ServiceReferrals] = {}
    for referral in referrals:
        row = by_service.setdefault(referral.service.name, ServiceReferrals(referral.service.name))
        row.counts[referral.status] += 1
        if referral.status == ReferralStatus.OPEN and referral.is_overdue():
            row.overdue += 1
    return sorted(by_service.values(), key=lambda row: row.name.casefold())


def recommendations_section(year: int) -> dict | None:
    """Recommendations transmitted during `year` and where each service's answer stands."""
    start, end = _bounds(year)
    transmitted = db.session.scalars(
        select(Recommendation)
        .where(Recommendation.transmitted_at >= start, Recommendation.transmitted_at < end)
        .order_by(Recommendation.transmitted_at)
    ).all()
    if not transmitted:
        return None
    statuses = Counter(response.current.status for r in transmitted for response in r.responses)
    return {
        "transmitted": len(transmitted),
        "responses": statuses,
        "unanswered": sum(len(r.services) - len(r.responses) for r in transmitted),
        "overdue": sum(1 for r in transmitted if is_overdue(r)),
        "items": transmitted,
    }


def year_report(year: int) -> YearReport:
    start, end = _bounds(year)
    polls = _polls(start, end)
    return YearReport(
        year=year,
        meetings=_meetings(start, end),
        proposals=_proposals(start, end),
        polls=polls,
        outcomes=Counter(result.outcome for _, result in polls),
        referrals=_referrals(start, end),
        recommendations=recommendations_section(year),
    )


OUTCOME_ORDER = (Outcome.ADOPTED, Outcome.REJECTED, Outcome.VOID)
