"""Bearer-token authentication for the API. Sessions never authorise an API call: the API is
exempt from CSRF, so a browser's cookie must not be enough to write through it."""

from datetime import timedelta
from functools import wraps

from flask import g, request
from flask_babel import gettext as _
from sqlalchemy import select

from council.api.errors import ApiError
from council.api.models import ApiToken
from council.db_types import utcnow
from council.extensions import db
from council.tokens import hash_token

# Recording each use would write on every call; once a minute is precise enough for admins.
LAST_USED_PRECISION = timedelta(minutes=1)


def _unauthorised(message=None):
    return ApiError(401, "unauthorized", message)


def _presented_token() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _sep, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise _unauthorised(_("Send the token as: Authorization: Bearer <token>."))
    return value.strip()


def authenticate() -> ApiToken | None:
    """The token presented with this request, or None when there is none; 401 when unknown
    or revoked (also on public reads, so that a client learns its token stopped working)."""
    presented = _presented_token()
    if presented is None:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(presented)))
    if token is None:
        raise _unauthorised(_("This API token is not known."))
    if token.is_revoked:
        raise _unauthorised(_("This API token has been revoked."))
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        token.last_used_at = now
        db.session.commit()
    return token


def token_required(view):
    """The view runs only with a valid token; it is in `g.api_token`."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if g.get("api_token") is None:
            raise _unauthorised()
        return view(*args, **kwargs)

    return wrapper


def require_service(service_id: int) -> None:
    """A token acts for its own service only."""
    if g.api_token.service_id != service_id:
        raise ApiError(403, "wrong_service", _("This token belongs to another service."))
