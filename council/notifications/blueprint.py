"""The notifications blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint

from council.notifications.kinds import notification_text
from council.notifications.presentation import is_following, unread_notification_count

bp = Blueprint("notifications", __name__)
for _global in (notification_text, unread_notification_count, is_following):
    bp.add_app_template_global(_global)
