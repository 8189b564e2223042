"""Admin pages for the services' integrations: API tokens and webhook addresses."""

from flask import Blueprint

bp = Blueprint("integrations", __name__, url_prefix="/admin")

from council.integrations import views  # noqa: E402,F401
