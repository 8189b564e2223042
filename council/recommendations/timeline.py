"""One recommendation's public story in date order: adopted → transmitted → responses (every
version) → follow-ups, with the deadline when a service let it pass."""

from dataclasses import dataclass
from datetime import date

from council.dates import council_today
from council.recommendations.queries import Standing, local_date, standing

# Same day: the story reads in the life-cycle order.
RANK = {"adopted": 0, "transmitted": 1, "response": 2, "follow_up": 3, "overdue": 4}


@dataclass
class Entry:
    kind: str
    on: date
    item: object = None
    service: object = None
    version: int = 0
    extra: object = None

    @property
    def key(self):
        return (self.on, RANK[self.kind], self.version, getattr(self.item, "id", 0) or 0)


def timeline_of(recommendation) -> list[Entry]:
    entries = [Entry("adopted", local_date(recommendation.adopted_at), recommendation)]
    if recommendation.transmitted_at is None:
        return entries
    entries.append(Entry("transmitted", local_date(recommendation.transmitted_at), recommendation))
    today = council_today()
    for service in recommendation.services:
        if standing(recommendation, service, today) == Standing.OVERDUE:
            entries.append(Entry("overdue", recommendation.deadline, service=service))
    for response in recommendation.responses:
        for version in response.versions:
            entries.append(
                Entry(
                    "response",
                    local_date(version.created_at),
                    version,
                    response.service,
                    version.number,
                    extra=version.number > 1,
                )
            )
        for commitment in response.commitments:
            for follow_up in commitment.follow_ups:
                entries.append(
                    Entry(
                        "follow_up",
                        follow_up.on_date,
                        follow_up,
                        response.service,
                        extra=commitment,
                    )
                )
    return sorted(entries, key=lambda entry: entry.key)
