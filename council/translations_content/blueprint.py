"""The translations_content blueprint. Its view modules add their routes to it;
council/web.py imports them when the app is created."""

from flask import Blueprint

bp = Blueprint("translations_content", __name__, url_prefix="/translate")
