"""The api blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint, Flask, g, request
from flask_babel import get_locale
from flask_babel import gettext as _

from council.api import errors
from council.api.auth import authenticate
from council.api.params import invalid
from council.extensions import csrf
from council.i18n import LOCALE_CODES, normalise
from council.webhooks.subscriptions import init_app as init_webhooks

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _read_request():
    lang = request.args.get("lang")
    if lang is not None and normalise(lang) is None:
        raise invalid("lang", _("lang must be one of: %(values)s.", values=", ".join(LOCALE_CODES)))
    g.api_token = authenticate()


@bp.after_request
def _finish_response(response):
    # The API is stateless: `?lang=` applies to this answer only, no cookie is set.
    g.pop("lang_to_remember", None)
    response.headers["Content-Language"] = str(get_locale()).replace("_", "-")
    response.vary.update(("Accept-Language", "Authorization"))
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.headers.setdefault(
            "Cache-Control", "private, no-store" if g.get("api_token") else "no-cache"
        )
        response.add_etag()
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("API_PAGE_SIZE", 20)
    csrf.exempt(bp)  # a bearer token, never a cookie, authorises API calls
    errors.init_app(app)
    init_webhooks(app)
