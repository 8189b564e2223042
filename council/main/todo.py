"""What waits for a secretary and for an official, on their home page (issue 13). Each item
says what to do and links to the page where it is done."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from council.comments.models import CommentReport
from council.extensions import db
from council.meetings.models import Meeting, MeetingState
from council.minutes.models import Minutes, MinutesState
from council.polls.models import Poll, PollState
from council.recommendations import queries as recommendation_queries
from council.recommendations.models import Recommendation, RecommendationState

SHOWN = 5


@dataclass(frozen=True)
class Task:
    what: str  # a key the template turns into a sentence in the reader's language
    title: str
    url: str


def secretary_tasks() -> tuple[list[Task], int]:
    """(tasks, reports waiting for moderation)."""
    tasks: list[Task] = []
    for meeting in db.session.scalars(
        select(Meeting).where(Meeting.state == MeetingState.IN_SESSION).order_by(Meeting.starts_at)
    ):
        tasks.append(Task("attendance", meeting.title, f"/meetings/{meeting.id}/attendance"))
    for poll in db.session.scalars(
        select(Poll).where(Poll.state == PollState.OPEN).order_by(Poll.id).limit(SHOWN)
    ):
        tasks.append(Task("close_poll", poll.question, f"/polls/{poll.id}/close"))
    for minutes in db.session.scalars(
        select(Minutes)
        .where(Minutes.state.in_([MinutesState.DRAFT, MinutesState.APPROVED]))
        .order_by(Minutes.id)
        .limit(SHOWN)
    ):
        what = "write_minutes" if minutes.state == MinutesState.DRAFT else "publish_minutes"
        tasks.append(Task(what, minutes.meeting.title, f"/meetings/{minutes.meeting_id}/minutes"))
    for recommendation in db.session.scalars(
        select(Recommendation)
        .where(Recommendation.state == RecommendationState.ADOPTED)
        .order_by(Recommendation.id)
        .limit(SHOWN)
    ):
        tasks.append(
            Task(
                "transmit",
                recommendation.title,
                f"/recommendations/{recommendation.id}/transmit",
            )
        )
    for meeting in db.session.scalars(
        select(Meeting)
        .where(Meeting.state == MeetingState.PLANNED)
        .order_by(Meeting.starts_at)
        .limit(SHOWN)
    ):
        tasks.append(Task("prepare", meeting.title, f"/meetings/{meeting.id}/manage"))
    reports = db.session.scalar(
        select(func.count(CommentReport.id)).where(CommentReport.resolved_at.is_(None))
    )
    return tasks, reports


def official_inbox(user) -> tuple[list[tuple[Recommendation, object]], int]:
    """(the nearest deadlines still to answer, how many wait in all) for the official's
    services."""
    waiting = [
        (recommendation, service)
        for recommendation, service in recommendation_queries.inbox_of(user)
        if recommendation.response_of(service) is None
    ]
    waiting.sort(key=lambda row: row[0].deadline or date.max)
    return waiting[:SHOWN], len(waiting)
