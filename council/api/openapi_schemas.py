"""Component schemas of the OpenAPI document (OpenAPI 3.0.3, JSON Schema draft 4 subset)."""

from council.attachments.models import FileKind
from council.i18n import LOCALE_CODES
from council.meetings.models import AgendaItemKind, MeetingKind, MeetingState
from council.polls.models import Majority, Outcome, PollMode, PollState, Secrecy, VotingMethod
from council.proposals.models import ProposalState


def string(**extra) -> dict:
    return {"type": "string", **extra}


def integer(**extra) -> dict:
    return {"type": "integer", **extra}


def nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, required: list[str] | None = None, *, optional=(), **extra) -> dict:
    if required is None:
        required = [name for name in properties if name not in optional]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        **extra,
    }


def enum(values) -> dict:
    return string(enum=[str(v) for v in values])


URL = string(format="uri")
WHEN = string(format="date-time")


def links(*names: str) -> dict:
    return obj({name: URL for name in names})


def page_of(item: str) -> dict:
    return obj(
        {
            "data": {"type": "array", "items": ref(item)},
            "meta": ref("PageMeta"),
            "links": ref("PageLinks"),
        }
    )


def translation_properties() -> dict:
    """Added to every translatable item (see council/translations_content/queries.py)."""
    field = obj(
        {
            "text": string(),
            "reviewed": {"type": "boolean", "description": "Checked by a second person."},
            "outdated": {"type": "boolean", "description": "The original changed since."},
            "updated_at": WHEN,
        }
    )
    return {
        "available_languages": {
            "type": "array",
            "items": enum(LOCALE_CODES),
            "description": "The original's language and every language it is translated into.",
        },
        "translation": nullable(
            obj(
                {
                    "locale": enum(LOCALE_CODES),
                    "fields": {"type": "object", "additionalProperties": field},
                },
                description="Human translation into the language asked with ?lang=, if any.",
            )
        ),
    }


def schemas() -> dict:
    return {
        "Error": obj(
            {
                "error": obj(
                    {
                        "code": string(description="Stable machine-readable code."),
                        "message": string(description="Translated, human-readable text."),
                        "fields": {
                            "type": "object",
                            "description": "Messages per invalid field or parameter.",
                            "additionalProperties": {"type": "array", "items": string()},
                        },
                    },
                    required=["code", "message"],
                )
            }
        ),
        "PageMeta": obj(
            {"total": integer(minimum=0), "limit": integer(minimum=1), "offset": integer(minimum=0)}
        ),
        "PageLinks": obj({"self": URL, "next": nullable(URL)}),
        "Index": obj(
            {
                "version": enum(["v1"]),
                "links": links("openapi", "services", "meetings", "proposals", "recommendations"),
            }
        ),
        "Service": obj(
            {
                "id": integer(),
                "name": string(description="In the language asked with ?lang= (or French)."),
                "name_fr": string(),
                "names": {
                    "type": "object",
                    "description": "Name per locale code.",
                    "additionalProperties": string(),
                },
                "description": string(description="In French."),
                "links": links("self", "html"),
            }
        ),
        "ServicePage": page_of("Service"),
        "Token": obj(
            {
                "label": string(),
                "hint": string(description="First characters of the token."),
                "created_at": WHEN,
                "last_used_at": nullable(WHEN),
            }
        ),
        "Me": obj({"service": ref("Service"), "token": ref("Token")}),
        "PollResult": obj(
            {
                "votes_for": integer(minimum=0),
                "votes_against": integer(minimum=0),
                "votes_abstain": integer(minimum=0),
                "total": integer(minimum=0),
                "outcome": enum(Outcome),
                "outcome_label": string(),
                "majority": enum(Majority),
                "members_in_office": integer(minimum=0),
                "quorum_needed": integer(minimum=0),
                "quorum_count": integer(minimum=0),
                "quorum_reached": {"type": "boolean"},
                "proxies": integer(minimum=0),
                "audit_head": string(pattern="^[0-9a-f]{64}$"),
                "computed_at": WHEN,
            }
        ),
        "Poll": obj(
            {
                "id": integer(),
                "question": string(),
                "state": enum(PollState),
                "state_label": string(),
                "majority": enum(Majority),
                "secrecy": enum(Secrecy),
                "mode": enum(PollMode),
                "method": enum(VotingMethod),
                "result": nullable(ref("PollResult")),
            }
        ),
        "AgendaItem": obj(
            {
                "id": integer(),
                "position": integer(minimum=1),
                "kind": enum(AgendaItemKind),
                "kind_label": string(),
                "title": string(),
                "description": string(),
                "polls": {"type": "array", "items": ref("Poll")},
                "attachments": ATTACHMENTS,
            }
        ),
        "MeetingSummary": obj(_meeting_properties(MeetingKind, MeetingState)),
        "Meeting": obj(
            {
                **_meeting_properties(MeetingKind, MeetingState),
                "agenda": {"type": "array", "items": ref("AgendaItem")},
                "attachments": ATTACHMENTS,
            }
        ),
        "MeetingPage": page_of("MeetingSummary"),
        "Locale": enum(LOCALE_CODES),
        "Webhook": obj(
            {
                "id": integer(),
                "url": URL,
                "active": {"type": "boolean"},
                "created_at": WHEN,
                "links": links("self"),
            }
        ),
        "WebhookList": obj({"data": {"type": "array", "items": ref("Webhook")}}),
        "WebhookInput": obj(
            {"url": string(maxLength=500, description="A public https:// address.")},
            additionalProperties=False,
        ),
        "WebhookCreated": obj(
            {
                "webhook": ref("Webhook"),
                "secret": string(description="Signing secret, shown only in this answer."),
            }
        ),
        "Proposal": obj(
            {
                "id": integer(),
                "title": string(),
                "body": string(description="Markdown, as written."),
                "summary": nullable(string(description="Easy-read version.")),
                "language": string(),
                "state": enum(ProposalState),
                "state_label": string(),
                "theme": obj({"id": integer(), "name": string()}),
                "services": {
                    "type": "array",
                    "items": obj({"id": integer(), "name": string()}),
                },
                "author": nullable(string(description="Display name; null: former member.")),
                "coauthors": {"type": "array", "items": string()},
                "submitted_at": nullable(WHEN),
                "decided_at": nullable(WHEN),
                **translation_properties(),
                "links": links("self", "html"),
                "attachments": {
                    **ATTACHMENTS,
                    "description": "Only in the answer about one proposal.",
                },
            },
            optional=["attachments"],
        ),
        "ProposalPage": page_of("Proposal"),
        "Attachment": attachment_schema(),
        "PingAccepted": obj({"delivery_id": integer(), "event": enum(["ping"])}),
    }


ATTACHMENTS = {"type": "array", "items": ref("Attachment")}


def attachment_schema() -> dict:
    return obj(
        {
            "title": string(description="In `language`, the language of the file."),
            "description": string(),
            "alt_text": nullable(string(description="What a picture shows (pictures only).")),
            "language": string(),
            "file_kind": enum(FileKind),
            "content_type": string(),
            "filename": string(description="Cleaned; never a path."),
            "size": integer(minimum=0, description="Bytes."),
            "width": nullable(integer()),
            "height": nullable(integer()),
            "sha256": string(),
            "created_at": WHEN,
            "links": obj({"download": URL, "preview": nullable(URL)}),
        }
    )


def _meeting_properties(kinds, states) -> dict:
    return {
        "id": integer(),
        "kind": enum(kinds),
        "kind_label": string(),
        "title": string(),
        "state": enum(states),
        "state_label": string(),
        "starts_at": WHEN,
        "ends_at": WHEN,
        "place": string(),
        "online_url": string(),
        "interpretation": {"type": "boolean"},
        "step_free": {"type": "boolean"},
        "accessibility_notes": string(),
        "cancel_reason": nullable(string()),
        "links": links("self", "html", "ics"),
    }
