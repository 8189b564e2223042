"""What the public home page shows (issue 13): the next meeting and its agenda, the latest
minutes, the latest answers of the city, the recommendations whose deadline passed unanswered.

The page is kept by the anonymous page cache and invalidated by the generations of the tables
it reads. "Overdue" is therefore read from the reminders table, which the daily cron writes on
the day a deadline passes unanswered (`flask recommendations remind`): that write is what
refreshes the cached page, not the clock."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from council.db_types import utcnow
from council.extensions import db
from council.meetings.models import Meeting, MeetingState
from council.minutes.models import Minutes, MinutesState
from council.recommendations.models import (
    Recommendation,
    ReminderSent,
    Response,
    ResponseVersion,
)
from council.services.models import Service
from council.translations_content.queries import prefetch_translations

SHOWN = 3


def next_meeting() -> Meeting | None:
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.state == MeetingState.PLANNED, Meeting.starts_at > utcnow())
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def latest_minutes() -> list[Minutes]:
    return list(
        db.session.scalars(
            select(Minutes)
            .options(joinedload(Minutes.meeting))
            .where(Minutes.state == MinutesState.PUBLISHED)
            .order_by(Minutes.published_at.desc())
            .limit(SHOWN)
        )
    )


# The recommendation's own row only (its title is shown by the language rule), not its
# responses and services, which would load with it.
ROW_ONLY = (lazyload(Recommendation.responses), lazyload(Recommendation.services))


def latest_answers() -> list:
    """Rows (recommendation_id, Recommendation, status, service): columns, not the response
    objects, whose versions, commitments and follow-ups would load with them."""
    return list(
        db.session.execute(
            select(
                Recommendation.id.label("recommendation_id"),
                Recommendation,
                ResponseVersion.status,
                Service,
            )
            .options(*ROW_ONLY)
            .join(Response, Response.id == ResponseVersion.response_id)
            .join(Recommendation, Recommendation.id == Response.recommendation_id)
            .join(Service, Service.id == Response.service_id)
            .order_by(ResponseVersion.created_at.desc(), ResponseVersion.id.desc())
            .limit(SHOWN)
        ).all()
    )


def overdue() -> list:
    """Deadline passed (the cron said so) and the service has still not answered."""
    answered = select(Response.id).where(
        Response.recommendation_id == ReminderSent.recommendation_id,
        Response.service_id == ReminderSent.service_id,
    )
    return list(
        db.session.execute(
            select(
                Recommendation.id.label("recommendation_id"),
                Recommendation,
                Recommendation.deadline,
                Service,
            )
            .options(*ROW_ONLY)
            .join(ReminderSent, ReminderSent.recommendation_id == Recommendation.id)
            .join(Service, Service.id == ReminderSent.service_id)
            .where(ReminderSent.kind == "due", ~answered.exists())
            .order_by(Recommendation.deadline, Recommendation.id)
            .limit(SHOWN * 2)
        ).all()
    )


def public_home() -> dict:
    answers, late = latest_answers(), overdue()
    # The titles are shown by the language rule: their translations in one read.
    prefetch_translations("recommendation", {row.recommendation_id for row in [*answers, *late]})
    return {
        "next_meeting": next_meeting(),
        "latest_minutes": latest_minutes(),
        "latest_answers": answers,
        "overdue": late,
    }
