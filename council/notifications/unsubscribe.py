"""One-click unsubscribe from notification emails (RFC 8058), without signing in.

The link carries a signed (person, what) pair rather than a stored key: "what" is a kind of
notification (its emails stop) or a digest period (every kind sent in that digest stops). The
notifications stay on the site; only the emails stop. Signed with SECRET_KEY (and its former
keys while it rotates), so nobody can make a link for someone else.
"""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from council.accounts.models import User
from council.extensions import db
from council.notifications.models import Delivery, NotificationKind

SALT = "notification-unsubscribe"


def _serializer() -> URLSafeSerializer:
    keys = [*current_app.config.get("SECRET_KEY_FALLBACKS", []), current_app.config["SECRET_KEY"]]
    return URLSafeSerializer(keys, salt=SALT)  # the newest key signs, every key verifies


def unsubscribe_token(user, what: str) -> str:
    return _serializer().dumps([user.id, str(what)])


def unsubscribe_url(user, what: str) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    return f"{base}/notifications/unsubscribe/{unsubscribe_token(user, what)}"


def read_token(token: str) -> tuple[User, str] | None:
    """(person, what) of a genuine link; None for a forged, damaged or outdated one."""
    try:
        user_id, what = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    valid = {k.value for k in NotificationKind} | {Delivery.DAILY.value, Delivery.WEEKLY.value}
    if user is None or what not in valid:
        return None
    return user, what
