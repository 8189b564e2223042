"""The privacy blueprint. Its view module adds the routes; council/web.py imports it when the
app is created."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
