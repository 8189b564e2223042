"""A service's system manages its own webhook addresses with its token."""

from flask import g, jsonify

from council.api.auth import require_service, token_required
from council.api.blueprint import bp
from council.api.body import api_transaction, json_object, text_field
from council.api.errors import ApiError
from council.api.params import get_or_404
from council.links import absolute_url_for
from council.permissions import anyone, requires
from council.services.models import Service
from council.webhooks import operations as webhooks
from council.webhooks.models import URL_MAX, WebhookEndpoint


def endpoint_json(endpoint: WebhookEndpoint) -> dict:
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "active": endpoint.is_active,
        "created_at": endpoint.created_at.isoformat(),
        "links": {
            "self": absolute_url_for(
                "api.service_webhook", service_id=endpoint.service_id, webhook_id=endpoint.id
            )
        },
    }


def _own_service(service_id: int) -> Service:
    service = get_or_404(Service, service_id)
    require_service(service.id)
    return service


def _own_endpoint(service: Service, webhook_id: int) -> WebhookEndpoint:
    endpoint = get_or_404(WebhookEndpoint, webhook_id)
    if endpoint.service_id != service.id:
        raise ApiError(404)
    return endpoint


@bp.route("/services/<int:service_id>/webhooks", methods=["GET"])
@requires(anyone)  # the gate is the bearer token, checked by @token_required
@token_required
def service_webhooks(service_id: int):
    service = _own_service(service_id)
    return jsonify({"data": [endpoint_json(e) for e in webhooks.active_endpoints(service.id)]})


@bp.route("/services/<int:service_id>/webhooks", methods=["POST"])
@requires(anyone)
@token_required
def register_webhook(service_id: int):
    service = _own_service(service_id)
    url = text_field(json_object(), "url", max_length=URL_MAX)
    with api_transaction():
        endpoint, secret = webhooks.register_webhook(service, url, by=None)
    response = jsonify({"webhook": endpoint_json(endpoint), "secret": secret})
    response.status_code = 201
    response.headers["Location"] = endpoint_json(endpoint)["links"]["self"]
    return response


@bp.route("/services/<int:service_id>/webhooks/<int:webhook_id>", methods=["GET"])
@requires(anyone)
@token_required
def service_webhook(service_id: int, webhook_id: int):
    endpoint = _own_endpoint(_own_service(service_id), webhook_id)
    return jsonify(endpoint_json(endpoint))


@bp.route("/services/<int:service_id>/webhooks/<int:webhook_id>", methods=["DELETE"])
@requires(anyone)
@token_required
def disable_webhook(service_id: int, webhook_id: int):
    endpoint = _own_endpoint(_own_service(service_id), webhook_id)
    with api_transaction():
        webhooks.disable_webhook(endpoint, by=None)
    return "", 204


@bp.route("/services/<int:service_id>/webhooks/<int:webhook_id>/ping", methods=["POST"])
@requires(anyone)
@token_required
def ping_webhook(service_id: int, webhook_id: int):
    endpoint = _own_endpoint(_own_service(service_id), webhook_id)
    with api_transaction():
        delivery = webhooks.send_ping(endpoint, by=g.api_token)
    return jsonify({"delivery_id": delivery.id, "event": delivery.event}), 202
