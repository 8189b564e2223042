from flask import Blueprint

bp = Blueprint("polls", __name__)

from council.polls import views, views_secretary  # noqa: E402,F401
