"""The OpenAPI document is valid, and the API answers what it says (schemathesis, in process).

Requests run in an empty context, as in a real server, so that they do not share the test's
application context (and its cached locale or database session).
"""

import contextvars

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.generation import GenerationMode

from council.attachments.models import OwnerKind
from council.extensions import db
from council.recommendations.operations import respond_to_recommendation
from council.webhooks.operations import register_webhook
from tests import attachment_files as files
from tests.api_helpers import bearer, service_with_token
from tests.attachment_files import attach_directly
from tests.recommendation_helpers import a_council, adopted, transmit

EXAMPLES = 25
JSON = "application/json"


def test_the_document_is_valid_openapi(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"] == "3.0.3"


def test_every_api_route_is_described(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    described = set()
    for path, operations in document["paths"].items():
        for method in operations:
            described.add((method.upper(), "/api/v1" + path))
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi":
            path = rule.rule
            for name in rule.arguments:
                path = path.replace(f"<int:{name}>", "{" + name + "}")
            routes |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == described


def test_every_error_response_has_the_error_shape(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for operations in document["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) or status == "default":
                    name = response["$ref"].rsplit("/", 1)[1]
                    content = document["components"]["responses"][name]["content"]
                    assert content["application/json"]["schema"]["$ref"].endswith("/Error")


def _fuzz(operation, mode, examples, **fixed):
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def run(case):
        response = case.call_and_validate()
        assert response.status_code < 500

    contextvars.Context().run(run)


@pytest.fixture
def schema(app, make_user):
    service, _token, value = service_with_token(translations={"en": "Housing"})
    endpoint, _secret = register_webhook(service, "https://93.184.215.14/hook", by=None)
    council = a_council(make_user)
    meeting = council[2]
    recommendation = transmit(council, adopted(council, title="Avis"), [service])
    respond_to_recommendation(
        recommendation,
        None,
        service=service,
        status="under_study",
        justification="Étude en cours.",
        commitments=[{"text": "Étudier", "target_date": "2099-01-01"}],
    )
    db.session.commit()
    # A file on the meeting and a picture on its first item: their shape is checked too.
    attach_directly(meeting, OwnerKind.MEETING, council[0], files.pdf(), title="Invitation")
    attach_directly(
        meeting.items[0], OwnerKind.AGENDA_ITEM, council[0], files.png(), alt_text="Un plan"
    )
    loaded = contextvars.Context().run(schemathesis.openapi.from_wsgi, "/api/v1/openapi.json", app)
    ids = {
        "meeting_id": meeting.id,
        "service_id": service.id,
        "webhook_id": endpoint.id,
        "proposal_id": recommendation.proposal_id,
        "recommendation_id": recommendation.id,
        "commitment_id": recommendation.response_of(service).live_commitments[0].id,
    }
    bodies = {
        "/recommendations/{recommendation_id}/responses": {
            "service_id": service.id,
            "status": "accepted",
        },
        "/commitments/{commitment_id}/follow-ups": {"status": "in_progress", "percent": 10},
        "/services/{service_id}/webhooks": {"url": "https://93.184.215.14/other"},
    }
    return loaded, ids, value, bodies


def _operations(loaded):
    operations = [result.ok() for result in loaded.get_all_operations()]
    return sorted(operations, key=lambda operation: operation.method.upper() == "DELETE")


def test_the_api_matches_its_document_on_generated_requests(schema):
    loaded, *_rest = schema
    for operation in _operations(loaded):
        _fuzz(operation, GenerationMode.POSITIVE, EXAMPLES)
        _fuzz(operation, GenerationMode.NEGATIVE, EXAMPLES // 2)


def _expected(operation) -> int:
    if operation.method.upper() == "POST":
        return 202 if operation.path.endswith("/ping") else 201
    return 204 if operation.method.upper() == "DELETE" else 200


def test_the_api_matches_its_document_on_real_objects(schema):
    loaded, ids, value, bodies = schema
    for operation in _operations(loaded):
        fixed = {name: ids[name] for name in ids if "{" + name + "}" in operation.path}
        if fixed and operation.method.upper() == "GET":
            _fuzz(operation, GenerationMode.POSITIVE, 10, path_parameters=fixed)
        extra = {}
        if operation.method.upper() == "POST" and operation.path in bodies:
            extra = {"body": bodies[operation.path], "media_type": JSON}
        case = operation.Case(path_parameters=fixed or None, headers=bearer(value), **extra)
        response = contextvars.Context().run(case.call_and_validate)
        assert response.status_code == _expected(operation), (operation.path, response.text)
