"""The recommendations part of the OpenAPI document: schemas and paths."""

from council.api.openapi_schemas import (
    ATTACHMENTS,
    WHEN,
    enum,
    integer,
    links,
    nullable,
    obj,
    page_of,
    ref,
    translation_properties,
)
from council.api.openapi_schemas import string as text
from council.recommendations.models import FollowUpStatus, RecommendationState, ResponseStatus
from council.recommendations.queries import Standing

DAY = text(format="date")

WRITTEN_IN = "Locale the text is written in (fr, en, ar, fa_AF, ps, tr, uk, ru); fr if absent."


def schemas() -> dict:
    service_ref = obj({"id": integer(), "name": text()})
    snapshot = obj({"id": integer(), "text": text(), "target_date": DAY})
    return {
        "Recommendation": obj(
            {
                "id": integer(),
                "title": text(),
                "body": text(description="Markdown, frozen as adopted."),
                "summary": nullable(text()),
                "language": text(),
                "translations": {"type": "object", "description": "Frozen, per locale."},
                **translation_properties(),
                "state": enum(RecommendationState),
                "state_label": text(),
                "proposal_id": integer(),
                "meeting_id": integer(),
                "vote": obj(
                    {
                        "votes_for": integer(minimum=0),
                        "votes_against": integer(minimum=0),
                        "votes_abstain": integer(minimum=0),
                        "outcome": text(),
                    }
                ),
                "adopted_at": WHEN,
                "transmitted_at": nullable(WHEN),
                "deadline": nullable(DAY),
                "answered_at": nullable(WHEN),
                "overdue": {"type": "boolean", "description": "Derived from the deadline."},
                "services": {
                    "type": "array",
                    "items": obj(
                        {
                            "id": integer(),
                            "name": text(),
                            "standing": enum(Standing),
                            "standing_label": text(),
                        }
                    ),
                },
                "responses": {"type": "array", "items": ref("Response")},
                "links": links("self", "html"),
            }
        ),
        "RecommendationPage": page_of("Recommendation"),
        "FollowUp": obj(
            {
                "id": integer(),
                "commitment_id": integer(),
                "on_date": DAY,
                "status": enum(FollowUpStatus),
                "status_label": text(),
                "note": text(),
                "language": text(),
                **translation_properties(),
                "percent": nullable(integer(minimum=0, maximum=100)),
                "created_at": WHEN,
                "attachments": ATTACHMENTS,
            }
        ),
        "Commitment": obj(
            {
                "id": integer(),
                "text": text(),
                "target_date": DAY,
                "follow_ups": {"type": "array", "items": ref("FollowUp")},
            }
        ),
        "ResponseVersion": obj(
            {
                "number": integer(minimum=1),
                "status": enum(ResponseStatus),
                "status_label": text(),
                "justification": text(),
                "commitments": {"type": "array", "items": snapshot},
                "created_at": WHEN,
            }
        ),
        "Response": obj(
            {
                "id": integer(),
                "recommendation_id": integer(),
                "service": service_ref,
                "first_answered_at": WHEN,
                "version": integer(minimum=1),
                "status": enum(ResponseStatus),
                "status_label": text(),
                "justification": text(),
                "language": text(),
                **translation_properties(),
                "commitments": {"type": "array", "items": ref("Commitment")},
                "versions": {"type": "array", "items": ref("ResponseVersion")},
                "attachments": ATTACHMENTS,
            }
        ),
        "ResponseList": obj({"data": {"type": "array", "items": ref("Response")}}),
        "ResponseInput": obj(
            {
                "service_id": integer(description="Your service: the token's own."),
                "status": enum(ResponseStatus),
                "justification": nullable(text(description="Required unless accepted.")),
                "language": nullable(text(description=WRITTEN_IN)),
                "commitments": {
                    "type": "array",
                    "description": "With `id`: revises that commitment (blank text drops it).",
                    "items": obj(
                        {"id": integer(), "text": text(), "target_date": DAY},
                        required=["text", "target_date"],
                    ),
                },
            },
            required=["service_id", "status"],
        ),
        "ResponseSaved": obj({"response": ref("Response")}),
        "FollowUpInput": obj(
            {
                "status": enum(FollowUpStatus),
                "note": nullable(text(description="Required when abandoned.")),
                "percent": nullable(integer(minimum=0, maximum=100)),
                "on_date": nullable(DAY),
                "language": nullable(text(description=WRITTEN_IN)),
            },
            required=["status"],
        ),
        "FollowUpSaved": obj({"follow_up": ref("FollowUp")}),
    }


def paths(read, operation, json_response, path_id, enum_query, query_id) -> dict:
    recommendation = path_id("recommendation_id")
    statuses = [Standing.AWAITING.value, *[s.value for s in ResponseStatus]]
    year = {"name": "year", "in": "query", "schema": integer(minimum=2000, maximum=2100)}
    saved = "Saved. 201: a new version; 200: the same was already recorded."
    return {
        "/recommendations": read(
            "List transmitted recommendations",
            "RecommendationPage",
            paged=True,
            tag="recommendations",
            missing=False,
            params=[
                query_id("service_id", "Only those addressed to this service."),
                enum_query("status", statuses, "By the latest response status."),
                enum_query("overdue", ["true", "false"], "Only overdue ones (true)."),
                {**year, "description": "Transmitted in this year."},
            ],
        ),
        "/recommendations/{recommendation_id}": read(
            "Get a recommendation",
            "Recommendation",
            params=[recommendation],
            tag="recommendations",
        ),
        "/recommendations/{recommendation_id}/responses": {
            **read(
                "List the responses to a recommendation",
                "ResponseList",
                params=[recommendation],
                tag="recommendations",
            ),
            **operation(
                "post",
                "Post or revise your service's response",
                params=[recommendation],
                tag="recommendations",
                body="ResponseInput",
                ok={
                    "200": json_response("ResponseSaved", saved),
                    "201": json_response("ResponseSaved", saved),
                },
            ),
        },
        "/commitments/{commitment_id}/follow-ups": operation(
            "post",
            "Post a follow-up on a commitment",
            params=[path_id("commitment_id")],
            tag="recommendations",
            body="FollowUpInput",
            ok={
                "200": json_response("FollowUpSaved", saved),
                "201": json_response("FollowUpSaved", saved),
            },
        ),
    }
