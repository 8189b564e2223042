from flask import Blueprint

bp = Blueprint("referrals", __name__, url_prefix="/referrals")

from council.referrals import views  # noqa: E402,F401
