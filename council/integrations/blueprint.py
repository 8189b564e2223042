"""The integrations blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint

bp = Blueprint("integrations", __name__, url_prefix="/admin")
