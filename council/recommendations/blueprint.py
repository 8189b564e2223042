"""The recommendations blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint

# No url_prefix: the public contract has /recommendations/…, /dashboard and /feeds/….
bp = Blueprint("recommendations", __name__)
