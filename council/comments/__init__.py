from flask import Blueprint

bp = Blueprint("comments", __name__)

from council.comments import moderation_views, views  # noqa: E402,F401
