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

from council.extensions import db
from council.roles import Role
from council.webhooks.operations import register_webhook
from tests.api_helpers import bearer, meeting_with_result, service_with_token
from tests.proposal_factories import a_submitted

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
    meeting, _poll = meeting_with_result(make_user)
    author = make_user(Role.MEMBER, name="Amina")
    cosigners = [make_user(Role.MEMBER) for _ in range(5)]
    proposal = a_submitted(author, cosigners)
    db.session.commit()
    loaded = contextvars.Context().run(schemathesis.openapi.from_wsgi, "/api/v1/openapi.json", app)
    ids = {
        "meeting_id": meeting.id,
        "service_id": service.id,
        "webhook_id": endpoint.id,
        "proposal_id": proposal.id,
    }
    return loaded, ids, value


def _operations(loaded):
    operations = [result.ok() for result in loaded.get_all_operations()]
    return sorted(operations, key=lambda operation: operation.method.upper() == "DELETE")


def test_the_api_matches_its_document_on_generated_requests(schema):
    loaded, _ids, _value = schema
    for operation in _operations(loaded):
        _fuzz(operation, GenerationMode.POSITIVE, EXAMPLES)
        _fuzz(operation, GenerationMode.NEGATIVE, EXAMPLES // 2)


def _expected(operation) -> int:
    if operation.method.upper() == "POST":
        return 202 if operation.path.endswith("/ping") else 201
    return 204 if operation.method.upper() == "DELETE" else 200


def test_the_api_matches_its_document_on_real_objects(schema):
    loaded, ids, value = schema
    for operation in _operations(loaded):
        fixed = {name: ids[name] for name in ids if "{" + name + "}" in operation.path}
        if fixed and operation.method.upper() == "GET":
            _fuzz(operation, GenerationMode.POSITIVE, 10, path_parameters=fixed)
        extra = {}
        if operation.path.endswith("/webhooks") and operation.method.upper() == "POST":
            extra = {"body": {"url": "https://93.184.215.14/other"}, "media_type": JSON}
        case = operation.Case(path_parameters=fixed or None, headers=bearer(value), **extra)
        response = contextvars.Context().run(case.call_and_validate)
        assert response.status_code == _expected(operation), (operation.path, response.text)
