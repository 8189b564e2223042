"""Public JSON shapes of recommendations, responses (every version), commitments, follow-ups."""

from council.api.attachment_serialise import attachments
from council.api.serialise import current_locale, translations, when
from council.attachments.models import OwnerKind
from council.links import absolute_url_for
from council.recommendations.labels import (
    FOLLOW_UP_LABELS,
    RESPONSE_LABELS,
    STANDING_LABELS,
    STATE_LABELS,
)
from council.recommendations.queries import is_overdue, standing


def _day(value):
    return value.isoformat() if value is not None else None


def _service_ref(service) -> dict:
    return {"id": service.id, "name": service.name_in(current_locale())}


def recommendation(row, today) -> dict:
    result = row.poll_result
    return {
        "id": row.id,
        "title": row.title,
        "body": row.body,
        "summary": row.summary,
        "language": row.language,
        "translations": row.frozen_translations or {},
        **translations("recommendation", row),
        "state": row.state.value,
        "state_label": str(STATE_LABELS[row.state]),
        "proposal_id": row.proposal_id,
        "meeting_id": row.meeting_id,
        "vote": {
            "votes_for": result.votes_for,
            "votes_against": result.votes_against,
            "votes_abstain": result.votes_abstain,
            "outcome": result.outcome.value,
        },
        "adopted_at": when(row.adopted_at),
        "transmitted_at": when(row.transmitted_at),
        "deadline": _day(row.deadline),
        "answered_at": when(row.answered_at),
        "overdue": is_overdue(row, today),
        "services": [_addressed(row, service, today) for service in row.services],
        "responses": [response(r) for r in row.responses],
        "links": {
            "self": absolute_url_for("api.recommendation", recommendation_id=row.id),
            "html": absolute_url_for("recommendations.show", recommendation_id=row.id),
        },
    }


def _addressed(row, service, today) -> dict:
    where = standing(row, service, today)
    return {
        **_service_ref(service),
        "standing": where.value,
        "standing_label": str(STANDING_LABELS[where]),
    }


def response(row) -> dict:
    current = row.current
    return {
        "id": row.id,
        "recommendation_id": row.recommendation_id,
        "service": _service_ref(row.service),
        "first_answered_at": when(row.first_answered_at),
        "version": current.number,
        "status": current.status.value,
        "status_label": str(RESPONSE_LABELS[current.status]),
        "justification": current.justification,
        "language": current.language,
        **translations("response", row),
        "commitments": [commitment(c) for c in row.live_commitments],
        "versions": [version(v) for v in row.versions],
        "attachments": attachments(OwnerKind.RESPONSE, row),
    }


def version(row) -> dict:
    return {
        "number": row.number,
        "status": row.status.value,
        "status_label": str(RESPONSE_LABELS[row.status]),
        "justification": row.justification,
        "commitments": [
            {"id": c["id"], "text": c["text"], "target_date": c["target_date"]}
            for c in row.commitments
        ],
        "created_at": when(row.created_at),
    }


def commitment(row) -> dict:
    return {
        "id": row.id,
        "text": row.text,
        "target_date": _day(row.target_date),
        "follow_ups": [follow_up(f) for f in row.follow_ups],
    }


def follow_up(row) -> dict:
    return {
        "id": row.id,
        "commitment_id": row.commitment_id,
        "on_date": _day(row.on_date),
        "status": row.status.value,
        "status_label": str(FOLLOW_UP_LABELS[row.status]),
        "note": row.note,
        "language": row.language,
        **translations("follow_up", row),
        "percent": row.percent,
        "created_at": when(row.created_at),
        "attachments": attachments(OwnerKind.FOLLOW_UP, row),
    }
