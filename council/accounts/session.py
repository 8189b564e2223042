"""Flask-Login glue: cookies carry `id:session_version`, so bumping the version logs out."""

from sqlalchemy.orm import joinedload

from council.accounts.models import User
from council.extensions import db, login_manager


@login_manager.user_loader
def load_user(cookie_id: str) -> User | None:
    user_id, _, version = cookie_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    # Every signed-in page checks roles: read them with the account, one statement fewer.
    user = db.session.get(User, int(user_id), options=[joinedload(User.role_rows)])
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    return user
