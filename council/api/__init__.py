"""The JSON API under /api/v1/: public reads, and writes by services with their own token."""

from flask import Blueprint, Flask, g, request
from flask_babel import get_locale
from flask_babel import gettext as _

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _read_request():
    from council.api.auth import authenticate
    from council.api.params import invalid
    from council.i18n import LOCALE_CODES, normalise

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
    from council.api import errors
    from council.extensions import csrf
    from council.webhooks import init_app as init_webhooks

    app.config.setdefault("API_PAGE_SIZE", 20)
    csrf.exempt(bp)  # a bearer token, never a cookie, authorises API calls
    errors.init_app(app)
    init_webhooks(app)


from council.api import (  # noqa: E402,F401
    proposal_views,
    recommendation_views,
    views,
    webhook_views,
)
