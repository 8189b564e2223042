"""The security log's admin page. council/web.py imports its views when the app is created."""

from flask import Blueprint

bp = Blueprint("security_events", __name__, url_prefix="/admin/security")
