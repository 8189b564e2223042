"""Recommendations: public reads; a service posts its response and follow-ups with its token."""

from flask import g, jsonify
from flask_babel import gettext as _

from council.api import recommendation_serialise as shape
from council.api.auth import require_service, token_required
from council.api.blueprint import bp
from council.api.body import api_transaction, invalid_field, json_object
from council.api.errors import ApiError
from council.api.params import MAX_ID, choice_arg, get_or_404, int_arg, page
from council.dates import council_today
from council.permissions import anyone, requires
from council.recommendations import operations
from council.recommendations.models import Commitment, Recommendation, ResponseStatus
from council.recommendations.queries import Filters, Standing, public_query
from council.services.models import Service

STATUS_FILTERS = [Standing.AWAITING.value, *[s.value for s in ResponseStatus]]


def _public(recommendation_id: int) -> Recommendation:
    row = get_or_404(Recommendation, recommendation_id)
    if not row.is_public:  # the council's working copy, before transmission
        raise ApiError(404)
    return row


@bp.route("/recommendations")
@requires(anyone)
def recommendations():
    overdue = choice_arg("overdue", ["true", "false"])
    filters = Filters(
        service=int_arg("service_id", 0, 1, MAX_ID) or None,
        status=choice_arg("status", STATUS_FILTERS),
        overdue=overdue == "true",
        year=int_arg("year", 0, 2000, 2100) or None,
    )
    today = council_today()
    return jsonify(
        page(public_query(filters, today), lambda r: shape.recommendation(r, today),
             kind="recommendation")
    )  # fmt: skip


@bp.route("/recommendations/<int:recommendation_id>")
@requires(anyone)
def recommendation(recommendation_id: int):
    return jsonify(shape.recommendation(_public(recommendation_id), council_today()))


@bp.route("/recommendations/<int:recommendation_id>/responses", methods=["GET"])
@requires(anyone)
def responses(recommendation_id: int):
    row = _public(recommendation_id)
    return jsonify({"data": [shape.response(r) for r in row.responses]})


def _text_or_null(data: dict, name: str) -> str:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise invalid_field(name, _("This field must be text."))
    return value or ""


def _addressed_service(data: dict, recommendation: Recommendation) -> Service:
    service_id = data.get("service_id")
    if isinstance(service_id, bool) or not isinstance(service_id, int):
        raise invalid_field("service_id", _("Give the id of your service."))
    require_service(service_id)
    service = g.api_token.service
    if not recommendation.addresses(service):
        raise ApiError(
            403, "not_addressed", _("This recommendation is not addressed to your service.")
        )
    return service


@bp.route("/recommendations/<int:recommendation_id>/responses", methods=["POST"])
@requires(anyone)  # the gate is the bearer token, checked by @token_required
@token_required
def post_response(recommendation_id: int):
    recommendation = _public(recommendation_id)
    data = json_object(multiline={"justification", "text"})
    service = _addressed_service(data, recommendation)
    status = data.get("status")
    if not isinstance(status, str):
        raise invalid_field("status", _("Choose an option from the list."))
    commitments = data.get("commitments") or []
    if not isinstance(commitments, list):
        raise invalid_field("commitments", _("A commitment could not be read."))
    before = recommendation.response_of(service)
    versions_before = len(before.versions) if before else 0
    with api_transaction():
        version = operations.respond_to_recommendation(
            recommendation,
            None,
            service=service,
            status=status,
            justification=_text_or_null(data, "justification"),
            commitments=commitments,
            language=data.get("language"),
        )
    answer = recommendation.response_of(service)
    created = version.number > versions_before
    return jsonify({"response": shape.response(answer)}), 201 if created else 200


@bp.route("/commitments/<int:commitment_id>/follow-ups", methods=["POST"])
@requires(anyone)
@token_required
def post_follow_up(commitment_id: int):
    commitment = get_or_404(Commitment, commitment_id)
    if not commitment.response.recommendation.is_public:
        raise ApiError(404)
    require_service(commitment.response.service_id)
    data = json_object(multiline={"note"})
    status = data.get("status")
    if not isinstance(status, str):
        raise invalid_field("status", _("Choose an option from the list."))
    known = {f.id for f in commitment.follow_ups}
    with api_transaction():
        follow_up = operations.post_follow_up(
            commitment,
            None,
            status=status,
            note=_text_or_null(data, "note"),
            percent=data.get("percent"),
            on_date=data.get("on_date"),
            language=data.get("language"),
        )
    status_code = 200 if follow_up.id in known else 201
    return jsonify({"follow_up": shape.follow_up(follow_up)}), status_code
