"""The polls blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint

bp = Blueprint("polls", __name__)
