"""Open data: what the public pages show, as JSON and CSV. No personal data: no emails, no
names; officials appear as their service."""

import csv
import io

from council.recommendations.links import absolute, recommendation_url
from council.recommendations.queries import local_date, standing

CSV_COLUMNS = (
    "recommendation_id",
    "title",
    "language",
    "adopted_on",
    "transmitted_on",
    "deadline",
    "service",
    "standing",
    "response_status",
    "first_answered_on",
    "response_versions",
    "commitments",
    "commitments_done",
    "url",
)


def _iso(moment) -> str | None:
    return local_date(moment).isoformat() if moment else None


def _response(response) -> dict:
    return {
        "first_answered_on": _iso(response.first_answered_at),
        "status": response.current.status.value,
        "versions": [
            {
                "number": v.number,
                "published_on": _iso(v.created_at),
                "status": v.status.value,
                "justification": v.justification,
                "commitments": v.commitments,
            }
            for v in response.versions
        ],
        "commitments": [
            {
                "id": c.id,
                "text": c.text,
                "target_date": c.target_date.isoformat(),
                "withdrawn": c.dropped_in is not None,
                "follow_ups": [
                    {
                        "on_date": f.on_date.isoformat(),
                        "status": f.status.value,
                        "percent": f.percent,
                        "note": f.note,
                    }
                    for f in c.follow_ups
                ],
            }
            for c in response.commitments
        ],
    }


def recommendation_record(recommendation, today) -> dict:
    services = []
    for service in recommendation.services:
        response = recommendation.response_of(service)
        services.append(
            {
                "service_id": service.id,
                "service": service.name,
                "standing": standing(recommendation, service, today).value,
                "response": _response(response) if response else None,
            }
        )
    return {
        "id": recommendation.id,
        "url": absolute(recommendation_url(recommendation)),
        "title": recommendation.title,
        "body": recommendation.body,
        "summary": recommendation.summary,
        "language": recommendation.language,
        "translations": recommendation.frozen_translations or {},
        "state": recommendation.state.value,
        "adopted_on": _iso(recommendation.adopted_at),
        "transmitted_on": _iso(recommendation.transmitted_at),
        "deadline": recommendation.deadline.isoformat(),
        "meeting_id": recommendation.meeting_id,
        "poll": {
            "for": recommendation.poll_result.votes_for,
            "against": recommendation.poll_result.votes_against,
            "abstain": recommendation.poll_result.votes_abstain,
        },
        "services": services,
    }


def _cell(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(recommendations, today) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for recommendation in recommendations:
        record = recommendation_record(recommendation, today)
        for entry in record["services"]:
            response = entry["response"] or {}
            commitments = [c for c in response.get("commitments", []) if not c["withdrawn"]]
            done = [
                c
                for c in commitments
                if c["follow_ups"] and c["follow_ups"][-1]["status"] == "done"
            ]
            row = (
                record["id"],
                record["title"],
                record["language"],
                record["adopted_on"],
                record["transmitted_on"],
                record["deadline"],
                entry["service"],
                entry["standing"],
                response.get("status", ""),
                response.get("first_answered_on", ""),
                len(response.get("versions", [])),
                len(commitments),
                len(done),
                record["url"],
            )
            writer.writerow([_cell(value) for value in row])
    return out.getvalue()
