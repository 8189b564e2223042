from flask import Blueprint

bp = Blueprint("auth", __name__)
invitations_bp = Blueprint("invitations", __name__, url_prefix="/invitations")

from council.accounts import invitation_views, views  # noqa: E402,F401
