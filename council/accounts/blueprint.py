"""The accounts blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
invitations_bp = Blueprint("invitations", __name__, url_prefix="/invitations")
