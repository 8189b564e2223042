"""The attachments blueprint: attaching, removing and serving files. Its view modules add their
routes to it; council/web.py imports them when the app is created."""

from flask import Blueprint

bp = Blueprint("attachments", __name__)
