"""The minutes blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint

from council.minutes.presentation import readable_minutes

# No url_prefix: the public contract has /meetings/<id>/minutes and /feeds/minutes.atom.
bp = Blueprint("minutes", __name__)
bp.add_app_template_global(readable_minutes)
