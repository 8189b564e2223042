from flask import abort, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from council.api import operations as api_tokens
from council.api.models import ApiToken
from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.integrations.blueprint import bp
from council.integrations.forms import TokenForm, WebhookForm
from council.permissions import is_admin, requires
from council.services.models import Service
from council.webhooks import operations as webhooks
from council.webhooks.delivery import SIGNATURE_HEADER, TIMESTAMP_HEADER
from council.webhooks.models import WebhookEndpoint

DELIVERY_STATES = {
    "pending": _l("waiting to be sent"),
    "delivered": _l("delivered"),
    "failed": _l("given up"),
}


def _shown_once(template: str, **context):
    """A page carrying a secret: never cached, never stored by the browser."""
    response = make_response(render_template(template, **context))
    response.headers["Cache-Control"] = "no-store"
    return response


def _owned(model, object_id: int, service: Service):
    row = db.get_or_404(model, object_id)
    if row.service_id != service.id:
        abort(404)
    return row


@bp.route("/integrations")
@requires(is_admin)
def index():
    services = db.session.scalars(select(Service).order_by(Service.name)).all()
    return render_template("integrations/index.html", services=services)


@bp.route("/services/<int:service_id>/tokens", methods=["GET", "POST"])
@requires(is_admin)
def tokens(service_id: int):
    service = db.get_or_404(Service, service_id)
    form = TokenForm()
    if form.validate_on_submit():
        with form_transaction(form, "label") as done:
            token, value = api_tokens.issue_api_token(service, form.label.data, by=current_user)
        if done:
            return _shown_once(
                "integrations/token_created.html", service=service, token=token, value=value
            )
    rows = api_tokens.tokens_of(service)
    return render_template("integrations/tokens.html", service=service, form=form, tokens=rows)


@bp.route("/services/<int:service_id>/tokens/<int:token_id>/revoke", methods=["POST"])
@requires(is_admin)
def revoke_token(service_id: int, token_id: int):
    service = db.get_or_404(Service, service_id)
    token = _owned(ApiToken, token_id, service)
    with button_transaction(_("Token revoked: systems using it can no longer call the API.")):
        api_tokens.revoke_api_token(token, by=current_user)
    return redirect(url_for("integrations.tokens", service_id=service.id), 303)


@bp.route("/services/<int:service_id>/webhooks", methods=["GET", "POST"])
@requires(is_admin)
def webhooks_page(service_id: int):
    service = db.get_or_404(Service, service_id)
    form = WebhookForm()
    if form.validate_on_submit():
        with form_transaction(form, "url") as done:
            endpoint, secret = webhooks.register_webhook(service, form.url.data, by=current_user)
        if done:
            return _shown_once(
                "integrations/webhook_created.html",
                service=service,
                endpoint=endpoint,
                secret=secret,
                headers=(SIGNATURE_HEADER, TIMESTAMP_HEADER),
            )
    return render_template(
        "integrations/webhooks.html",
        service=service,
        form=form,
        endpoints=db.session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.service_id == service.id)
            .order_by(WebhookEndpoint.id)
        ).all(),
        deliveries=webhooks.recent_deliveries(service.id),
        delivery_states=DELIVERY_STATES,
    )


@bp.route("/services/<int:service_id>/webhooks/<int:endpoint_id>/ping", methods=["POST"])
@requires(is_admin)
def ping_webhook(service_id: int, endpoint_id: int):
    service = db.get_or_404(Service, service_id)
    endpoint = _owned(WebhookEndpoint, endpoint_id, service)
    with button_transaction(_("Test event queued: it is sent with the next delivery run.")):
        webhooks.send_ping(endpoint, by=current_user)
    return redirect(url_for("integrations.webhooks_page", service_id=service.id), 303)


@bp.route("/services/<int:service_id>/webhooks/<int:endpoint_id>/disable", methods=["POST"])
@requires(is_admin)
def disable_webhook(service_id: int, endpoint_id: int):
    service = db.get_or_404(Service, service_id)
    endpoint = _owned(WebhookEndpoint, endpoint_id, service)
    with button_transaction(_("Webhook address disabled: nothing more is sent to it.")):
        webhooks.disable_webhook(endpoint, by=current_user)
    return redirect(url_for("integrations.webhooks_page", service_id=service.id), 303)
