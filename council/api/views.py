"""Read endpoints: public data only. Writes live in the modules of the domain they touch."""

from flask import g, jsonify
from sqlalchemy import select

from council.api import serialise
from council.api.auth import token_required
from council.api.blueprint import bp
from council.api.openapi import document
from council.api.params import choice_arg, get_or_404, page
from council.links import absolute_url_for
from council.meetings.models import Meeting, MeetingKind, MeetingState
from council.permissions import anyone, requires
from council.services.models import Service


@bp.route("/")
@requires(anyone)
def index():
    links = {
        "openapi": absolute_url_for("api.openapi"),
        "services": absolute_url_for("api.services"),
        "meetings": absolute_url_for("api.meetings"),
        "proposals": absolute_url_for("api.proposals"),
        "recommendations": absolute_url_for("api.recommendations"),
    }
    return jsonify({"version": "v1", "links": links})


@bp.route("/openapi.json")
@requires(anyone)
def openapi():
    return jsonify(document())


@bp.route("/me")
@requires(anyone)  # the gate is the bearer token, checked by @token_required
@token_required
def me():
    token = g.api_token
    return jsonify({"service": serialise.service(token.service), "token": serialise.token(token)})


@bp.route("/services")
@requires(anyone)
def services():
    return jsonify(page(select(Service).order_by(Service.id), serialise.service))


@bp.route("/services/<int:service_id>")
@requires(anyone)
def service(service_id: int):
    return jsonify(serialise.service(get_or_404(Service, service_id)))


@bp.route("/meetings")
@requires(anyone)
def meetings():
    query = select(Meeting).order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    state = choice_arg("state", [s.value for s in MeetingState])
    if state:
        query = query.where(Meeting.state == MeetingState(state))
    kind = choice_arg("kind", [k.value for k in MeetingKind])
    if kind:
        query = query.where(Meeting.kind == MeetingKind(kind))
    return jsonify(page(query, serialise.meeting_summary))


@bp.route("/meetings/<int:meeting_id>")
@requires(anyone)
def meeting(meeting_id: int):
    return jsonify(serialise.meeting(get_or_404(Meeting, meeting_id)))
