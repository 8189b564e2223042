"""The referrals blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint

from council.referrals.operations import open_referrals

bp = Blueprint("referrals", __name__, url_prefix="/referrals")


bp.add_app_template_global(open_referrals)
