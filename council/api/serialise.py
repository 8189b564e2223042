"""Public JSON shapes of the council's data: no email address, no individual vote."""

from flask import request
from flask_babel import get_locale

from council.api.attachment_serialise import attachments
from council.attachments.models import OwnerKind
from council.i18n import normalise
from council.links import absolute_url_for
from council.meetings import labels
from council.translations_content.queries import api_translation_fields


def when(moment):
    return moment.isoformat() if moment is not None else None


def current_locale() -> str:
    return str(get_locale())


def translations(kind: str, row) -> dict:
    """`available_languages` of an item and, with `?lang=`, its human translation (if any)."""
    return api_translation_fields(kind, row, normalise(request.args.get("lang")))


def service(row) -> dict:
    return {
        "id": row.id,
        "name": row.name_in(current_locale()),
        "name_fr": row.name,
        "names": {"fr": row.name, **row.translated_locales()},
        "description": row.description or "",
        "links": {
            "self": absolute_url_for("api.service", service_id=row.id),
            "html": absolute_url_for("services.show", service_id=row.id),
        },
    }


def meeting_summary(row) -> dict:
    return {
        "id": row.id,
        "kind": row.kind.value,
        "kind_label": str(labels.MEETING_KINDS[row.kind]),
        "title": row.title,
        "state": row.state.value,
        "state_label": str(labels.MEETING_STATES[row.state]),
        "starts_at": when(row.starts_at),
        "ends_at": when(row.ends_at),
        "place": row.place,
        "online_url": row.online_url,
        "interpretation": row.interpretation,
        "step_free": row.step_free,
        "accessibility_notes": row.accessibility_notes or "",
        "cancel_reason": row.cancel_reason,
        "links": {
            "self": absolute_url_for("api.meeting", meeting_id=row.id),
            "html": absolute_url_for("meetings.show", meeting_id=row.id),
            "ics": absolute_url_for("meetings.meeting_calendar", meeting_id=row.id),
        },
    }


def meeting(row) -> dict:
    return {
        **meeting_summary(row),
        "agenda": [agenda_item(item) for item in row.items],
        "attachments": attachments(OwnerKind.MEETING, row),
    }


def agenda_item(item) -> dict:
    return {
        "id": item.id,
        "position": item.position,
        "kind": item.kind.value,
        "kind_label": str(labels.ITEM_KINDS[item.kind]),
        "title": item.title,
        "description": item.description or "",
        "polls": [poll(p) for p in item.polls],
        "attachments": attachments(OwnerKind.AGENDA_ITEM, item),
    }


def poll(row) -> dict:
    return {
        "id": row.id,
        "question": row.question,
        "state": row.state.value,
        "state_label": str(labels.POLL_STATES[row.state]),
        "majority": row.majority.value,
        "secrecy": row.secrecy.value,
        "mode": row.mode.value,
        "method": row.method.value,
        "result": poll_result(row.result) if row.result is not None else None,
    }


def poll_result(result) -> dict:
    """Totals only: who voted what is never published."""
    return {
        "votes_for": result.votes_for,
        "votes_against": result.votes_against,
        "votes_abstain": result.votes_abstain,
        "total": result.total,
        "outcome": result.outcome.value,
        "outcome_label": str(labels.OUTCOMES[result.outcome]),
        "majority": result.majority.value,
        "members_in_office": result.members_in_office,
        "quorum_needed": result.quorum_needed,
        "quorum_count": result.quorum_count,
        "quorum_reached": result.quorum_reached,
        "proxies": len(result.proxies),
        "audit_head": result.audit_head,
        "computed_at": when(result.computed_at),
    }


def token(row) -> dict:
    return {
        "label": row.label,
        "hint": row.hint,
        "created_at": when(row.created_at),
        "last_used_at": when(row.last_used_at),
    }
