"""What every page shows of a person's notifications: the unread count, whether they follow
the page's subject (template globals, registered in blueprint.py)."""

from flask_login import current_user
from sqlalchemy import func, select

from council.extensions import db
from council.notifications import operations
from council.notifications.models import Notification


def unread_notification_count() -> int:
    if not current_user.is_authenticated:
        return 0
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == current_user.id, Notification.read_at.is_(None)
        )
    )


def is_following(kind: str, subject_id: int) -> bool:
    return current_user.is_authenticated and operations.is_following(current_user, kind, subject_id)
