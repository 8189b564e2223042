"""Reading recommendations: where each service stands (overdue is derived here, never stored),
the public list's filters and the accountability figures per service."""

import enum
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy.orm import aliased

from council.dates import council_today
from council.extensions import db
from council.recommendations.models import (
    Recommendation,
    RecommendationState,
    Response,
    ResponseStatus,
    ResponseVersion,
    recommendation_services,
)
from council.recommendations.operations import council_today_zone
from council.services.models import Service


class Standing(enum.StrEnum):
    """Where one service stands on one recommendation."""

    AWAITING = "awaiting"
    OVERDUE = "overdue"
    ON_TIME = "on_time"
    LATE = "late"


def local_date(moment: datetime) -> date:
    return moment.astimezone(council_today_zone()).date()


def standing(recommendation, service, today: date) -> Standing | None:
    if not recommendation.is_public:
        return None
    response = recommendation.response_of(service)
    if response is None:
        return Standing.OVERDUE if today > recommendation.deadline else Standing.AWAITING
    if local_date(response.first_answered_at) <= recommendation.deadline:
        return Standing.ON_TIME
    return Standing.LATE


def is_overdue(recommendation, today: date | None = None) -> bool:
    today = today or council_today()
    return any(
        standing(recommendation, s, today) == Standing.OVERDUE for s in recommendation.services
    )


def overdue_services(recommendation, today: date | None = None) -> list[Service]:
    today = today or council_today()
    return [
        s for s in recommendation.services if standing(recommendation, s, today) == Standing.OVERDUE
    ]


# --- the public list -----------------------------------------------------------------------


def _latest_status_is(status: ResponseStatus):
    newer = aliased(ResponseVersion)
    return exists(
        select(Response.id)
        .join(ResponseVersion, ResponseVersion.response_id == Response.id)
        .where(
            Response.recommendation_id == Recommendation.id,
            ResponseVersion.status == status,
            not_(
                exists(
                    select(newer.id).where(
                        newer.response_id == Response.id, newer.number > ResponseVersion.number
                    )
                )
            ),
        )
    )


def _unanswered_service():
    return exists(
        select(recommendation_services.c.service_id).where(
            recommendation_services.c.recommendation_id == Recommendation.id,
            not_(
                exists(
                    select(Response.id)
                    .where(
                        Response.recommendation_id == Recommendation.id,
                        Response.service_id == recommendation_services.c.service_id,
                    )
                    # Two levels down: without this, the outer recommendation would be joined
                    # anew, and a service's answer to any recommendation would count.
                    .correlate_except(Response)
                )
            ),
        )
    )


def _addresses(service_id: int):
    return exists(
        select(recommendation_services.c.service_id).where(
            recommendation_services.c.recommendation_id == Recommendation.id,
            recommendation_services.c.service_id == service_id,
        )
    )


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = council_today_zone()
    start = datetime.combine(date(year, 1, 1), time(), zone).astimezone(UTC)
    end = datetime.combine(date(year + 1, 1, 1), time(), zone).astimezone(UTC)
    return start, end


@dataclass
class Filters:
    service: int | None = None
    status: str | None = None  # a ResponseStatus value, or "awaiting"
    overdue: bool = False
    year: int | None = None
    active: list[str] = field(default_factory=list)


def public_query(filters: Filters, today: date | None = None):
    today = today or council_today()
    query = select(Recommendation).where(Recommendation.state != RecommendationState.ADOPTED)
    if filters.service:
        query = query.where(_addresses(filters.service))
    if filters.status == Standing.AWAITING:
        query = query.where(_unanswered_service())
    elif filters.status:
        query = query.where(_latest_status_is(ResponseStatus(filters.status)))
    if filters.overdue:
        query = query.where(Recommendation.deadline < today, _unanswered_service())
    if filters.year:
        start, end = _year_bounds(filters.year)
        query = query.where(
            and_(Recommendation.transmitted_at >= start, Recommendation.transmitted_at < end)
        )
    return query.order_by(Recommendation.transmitted_at.desc(), Recommendation.id.desc())


def transmission_years() -> list[int]:
    moments = db.session.scalars(
        select(Recommendation.transmitted_at).where(Recommendation.transmitted_at.is_not(None))
    )
    return sorted({local_date(m).year for m in moments}, reverse=True)


def awaiting_transmission() -> list[Recommendation]:
    return db.session.scalars(
        select(Recommendation)
        .where(Recommendation.state == RecommendationState.ADOPTED)
        .order_by(Recommendation.adopted_at)
    ).all()


def public_recommendations() -> list[Recommendation]:
    return db.session.scalars(
        select(Recommendation)
        .where(Recommendation.state != RecommendationState.ADOPTED)
        .order_by(Recommendation.transmitted_at.desc(), Recommendation.id.desc())
    ).all()


def inbox_of(user) -> list[tuple[Recommendation, Service]]:
    """What is addressed to this official's services, the ones to answer first on top."""
    service_ids = [s.id for s in user.services]
    if not service_ids:
        return []
    rows = db.session.execute(
        select(Recommendation, Service)
        .join(
            recommendation_services,
            recommendation_services.c.recommendation_id == Recommendation.id,
        )
        .join(Service, Service.id == recommendation_services.c.service_id)
        .where(
            Recommendation.state != RecommendationState.ADOPTED,
            or_(*[Service.id == sid for sid in service_ids]),
        )
        .order_by(Recommendation.deadline, Recommendation.id, Service.name)
    ).all()
    return [tuple(row) for row in rows]


# --- accountability ------------------------------------------------------------------------


@dataclass
class ServiceFigures:
    service: Service
    received: int = 0
    standings: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    commitments: int = 0
    commitments_done: int = 0

    def __getitem__(self, key: str) -> int:
        return self.standings.get(key, 0) + self.statuses.get(key, 0)


def dashboard_figures(today: date | None = None) -> list[ServiceFigures]:
    today = today or council_today()
    figures: dict[int, ServiceFigures] = {}
    for recommendation in public_recommendations():
        for service in recommendation.services:
            row = figures.setdefault(service.id, ServiceFigures(service))
            row.received += 1
            row.standings[standing(recommendation, service, today)] += 1
            response = recommendation.response_of(service)
            if response is not None:
                row.statuses[response.current.status] += 1
                row.commitments += len(response.live_commitments)
                row.commitments_done += sum(c.is_done for c in response.live_commitments)
    return sorted(figures.values(), key=lambda f: f.service.name.casefold())


def count_public() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Recommendation)
        .where(Recommendation.state != RecommendationState.ADOPTED)
    )
