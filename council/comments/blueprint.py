"""The comments blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint

from council.comments import thread

bp = Blueprint("comments", __name__)


bp.add_app_template_global(thread.comment_thread)
bp.add_app_template_global(thread.may_change, "may_change_comment")
