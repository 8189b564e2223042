"""The OpenAPI 3.0.3 document served at /api/v1/openapi.json, built from the same enums as
the models so that it cannot drift from the data it describes."""

from flask import current_app

from council.api import openapi_recommendations as recommendations
from council.api.openapi_schemas import integer, ref, schemas, string
from council.api.params import MAX_ID
from council.i18n import LOCALE_CODES
from council.meetings.models import MeetingKind, MeetingState
from council.proposals.queries import public_states

JSON = "application/json"


def _error(description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": ref("Error")}}}


ERRORS = {
    "BadRequest": _error("Malformed request or invalid query parameter."),
    "Unauthorized": _error("Missing, unknown or revoked API token."),
    "Forbidden": _error("The token belongs to another service."),
    "NotFound": _error("No such object."),
    "Conflict": _error("Not possible in the object's current state."),
    "UnsupportedMediaType": _error("The body is not JSON."),
    "Unprocessable": _error("The body is JSON but some values are invalid."),
    "Error": _error("Any other error, in the same shape."),
}

PARAMETERS = {
    "lang": {
        "name": "lang",
        "in": "query",
        "description": "Language of names and labels (default: Accept-Language, then French).",
        "schema": {"type": "string", "enum": list(LOCALE_CODES)},
    },
    "limit": {
        "name": "limit",
        "in": "query",
        "description": "Page size.",
        "schema": integer(minimum=1, maximum=100, default=20),
    },
    "offset": {
        "name": "offset",
        "in": "query",
        "description": "Number of items to skip; follow `links.next` instead of computing it.",
        "schema": integer(minimum=0, maximum=1_000_000, default=0),
    },
}


def path_id(name: str) -> dict:
    schema = integer(minimum=1, maximum=MAX_ID)
    return {"name": name, "in": "path", "required": True, "schema": schema}


def enum_query(name: str, values, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "description": description,
        "schema": string(enum=[str(v) for v in values]),
    }


def _ok(schema: str, description: str) -> dict:
    return {
        "description": description,
        "headers": {
            "ETag": {"description": "Send back in If-None-Match.", "schema": string()},
        },
        "content": {JSON: {"schema": ref(schema)}},
    }


def read(summary: str, schema: str, *, params=(), paged=False, tag: str, auth=False, missing=True):
    """A GET operation: optional token (a bad one is refused), localised, ETag'd."""
    parameters = [{"$ref": "#/components/parameters/lang"}, *params]
    if paged:
        parameters += [
            {"$ref": "#/components/parameters/limit"},
            {"$ref": "#/components/parameters/offset"},
        ]
    responses = {
        "200": _ok(schema, summary),
        "304": {"description": "Not modified since the ETag sent in If-None-Match."},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "401": {"$ref": "#/components/responses/Unauthorized"},
        "default": {"$ref": "#/components/responses/Error"},
    }
    if missing:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return {
        "get": {
            "summary": summary,
            "tags": [tag],
            "operationId": summary.lower().replace(" ", "_").replace("'", ""),
            "parameters": parameters,
            "security": [{"bearerAuth": []}] if auth else [{}, {"bearerAuth": []}],
            "responses": responses,
        }
    }


TOKEN_ERRORS = {
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
    "default": {"$ref": "#/components/responses/Error"},
}
BODY_ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "409": {"$ref": "#/components/responses/Conflict"},
    "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
    "422": {"$ref": "#/components/responses/Unprocessable"},
}


def operation(
    method: str, summary: str, *, params, tag: str, ok: dict, body: str | None = None
) -> dict:
    """An operation that needs the token of the service named in the path."""
    spec = {
        "summary": summary,
        "tags": [tag],
        "operationId": summary.lower().replace(" ", "_").replace("'", ""),
        "parameters": [{"$ref": "#/components/parameters/lang"}, *params],
        "security": [{"bearerAuth": []}],
        "responses": {**ok, **TOKEN_ERRORS, **(BODY_ERRORS if body else {})},
    }
    if body:
        spec["requestBody"] = {"required": True, "content": {JSON: {"schema": ref(body)}}}
    return {method: spec}


def json_response(schema: str, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": ref(schema)}}}


def query_id(name: str, description: str) -> dict:
    schema = integer(minimum=1, maximum=MAX_ID)
    return {"name": name, "in": "query", "description": description, "schema": schema}


def proposal_paths() -> dict:
    filters = [
        enum_query("state", public_states(), "Only proposals in this (public) state."),
        query_id("theme_id", "Only proposals of this theme."),
        query_id("service_id", "Only proposals concerning this service."),
        enum_query("language", LOCALE_CODES, "Only proposals written in this language."),
        {
            "name": "q",
            "in": "query",
            "description": "Words to search for in title, text and summary (no NUL character: "
            "refused with 400 in every address).",
            "schema": string(maxLength=200, pattern="^[^\\x00]*$"),
        },
    ]
    return {
        "/proposals": read(
            "List public proposals",
            "ProposalPage",
            paged=True,
            tag="proposals",
            missing=False,
            params=filters,
        ),
        "/proposals/{proposal_id}": read(
            "Get a public proposal",
            "Proposal",
            params=[path_id("proposal_id")],
            tag="proposals",
        ),
    }


def webhook_paths() -> dict:
    service = path_id("service_id")
    webhook = path_id("webhook_id")
    conflict = {"409": {"$ref": "#/components/responses/Conflict"}}
    return {
        "/services/{service_id}/webhooks": {
            **operation(
                "get",
                "List the service's webhook addresses",
                params=[service],
                tag="webhooks",
                ok={"200": json_response("WebhookList", "Active addresses.")},
            ),
            **operation(
                "post",
                "Register a webhook address",
                params=[service],
                tag="webhooks",
                body="WebhookInput",
                ok={"201": json_response("WebhookCreated", "Registered; keep the secret.")},
            ),
        },
        "/services/{service_id}/webhooks/{webhook_id}": {
            **operation(
                "get",
                "Get a webhook address",
                params=[service, webhook],
                tag="webhooks",
                ok={"200": json_response("Webhook", "The address.")},
            ),
            **operation(
                "delete",
                "Disable a webhook address",
                params=[service, webhook],
                tag="webhooks",
                ok={"204": {"description": "Disabled: nothing more is sent to it."}, **conflict},
            ),
        },
        "/services/{service_id}/webhooks/{webhook_id}/ping": operation(
            "post",
            "Send a test event",
            params=[service, webhook],
            tag="webhooks",
            ok={"202": json_response("PingAccepted", "Queued for delivery."), **conflict},
        ),
    }


# Domains add their paths here (e.g. recommendations), as functions returning a dict.
EXTRA_PATHS: list = []
EXTRA_SCHEMAS: list = []


def paths() -> dict:
    result = {
        "/": read("API index", "Index", tag="meta", missing=False),
        "/me": read("The token's service", "Me", tag="meta", auth=True, missing=False),
        "/services": read(
            "List services", "ServicePage", paged=True, tag="services", missing=False
        ),
        "/services/{service_id}": read(
            "Get a service", "Service", params=[path_id("service_id")], tag="services"
        ),
        "/meetings": read(
            "List meetings",
            "MeetingPage",
            paged=True,
            tag="meetings",
            missing=False,
            params=[
                enum_query("state", MeetingState, "Only meetings in this state."),
                enum_query("kind", MeetingKind, "Only meetings of this kind."),
            ],
        ),
        "/meetings/{meeting_id}": read(
            "Get a meeting with its agenda and vote results",
            "Meeting",
            params=[path_id("meeting_id")],
            tag="meetings",
        ),
    }
    result.update(proposal_paths())
    result.update(
        recommendations.paths(read, operation, json_response, path_id, enum_query, query_id)
    )
    result.update(webhook_paths())
    for extra in EXTRA_PATHS:
        result.update(extra())
    return result


def document() -> dict:
    all_schemas = {**schemas(), **recommendations.schemas()}
    for extra in EXTRA_SCHEMAS:
        all_schemas.update(extra())
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Council API",
            "version": "1.0.0",
            "description": (
                "Public data of the council of foreign residents, and the services' own "
                "answers. Reads need no token; a service writes with its token: "
                "`Authorization: Bearer <token>`. Errors are "
                '`{"error": {"code": ..., "message": ...}}` with a translated message.'
            ),
        },
        "servers": [{"url": current_app.config["BASE_URL"].rstrip("/") + "/api/v1"}],
        "paths": paths(),
        "components": {
            "schemas": all_schemas,
            "parameters": PARAMETERS,
            "responses": ERRORS,
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A per-service token created by an administrator.",
                }
            },
        },
    }
