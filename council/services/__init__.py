from flask import Blueprint

bp = Blueprint("services", __name__, url_prefix="/services")

from council.services import views  # noqa: E402,F401
