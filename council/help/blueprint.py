"""The help blueprint. Its view module adds the routes; council/web.py imports it when the app
is created."""

from flask import Blueprint

bp = Blueprint("help", __name__, url_prefix="/help")
