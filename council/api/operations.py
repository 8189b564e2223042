"""Issuing and revoking per-service API tokens."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from council.actors import actor_id
from council.api.models import TOKEN_HINT_LENGTH, TOKEN_LABEL_MAX, ApiToken
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.security_events.record import record_event
from council.tokens import new_token

MAX_ACTIVE_TOKENS_PER_SERVICE = 10


def issue_api_token(service, label: str, by) -> tuple[ApiToken, str]:
    """Return the stored token and its secret value, which is shown once and never again."""
    label = (label or "").strip()
    if not label:
        raise OperationError(_("This field is required."), "label")
    if len(label) > TOKEN_LABEL_MAX:
        raise OperationError(_("Use at most %(max)d characters.", max=TOKEN_LABEL_MAX), "label")
    active = db.session.scalar(
        select(func.count())
        .select_from(ApiToken)
        .where(ApiToken.service_id == service.id, ApiToken.revoked_at.is_(None))
    )
    if active >= MAX_ACTIVE_TOKENS_PER_SERVICE:
        raise OperationError(
            _(
                "A service can have at most %(n)d active tokens: revoke one first.",
                n=MAX_ACTIVE_TOKENS_PER_SERVICE,
            ),
            "label",
        )
    value, digest = new_token()
    token = ApiToken(
        service_id=service.id,
        label=label,
        token_hash=digest,
        hint=value[:TOKEN_HINT_LENGTH],
        created_by_id=actor_id(by),
    )
    db.session.add(token)
    db.session.flush()
    if by is not None:
        record_event("api_token_issued", by, service_id=service.id, token_id=token.id, label=label)
    return token, value


def revoke_api_token(token: ApiToken, by) -> None:
    if token.is_revoked:
        raise OperationError(_("This token was already revoked."))
    token.revoked_at = utcnow()
    token.revoked_by_id = actor_id(by)
    db.session.flush()
    if by is not None:
        record_event("api_token_revoked", by, service_id=token.service_id, token_id=token.id)


def tokens_of(service) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.service_id == service.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
        )
    )
