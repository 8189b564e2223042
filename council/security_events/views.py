from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from council.accounts.models import User
from council.extensions import db
from council.permissions import is_admin, requires
from council.security_events.blueprint import bp
from council.security_events.models import SecurityEvent
from council.security_events.record import KINDS

PAGE_SIZE = 50


def _filters() -> tuple[str, str, int]:
    account = request.args.get("account", "").strip()[:254]
    kind = request.args.get("kind", "")
    kind = kind if kind in KINDS else ""
    page = request.args.get("page", "1")
    page = max(1, min(int(page), 10_000)) if page.isdigit() else 1
    return account, kind, page


@bp.route("/")
@requires(is_admin)
def index():
    account, kind, page = _filters()
    query = select(SecurityEvent)
    problem = None
    if account:
        user_id = db.session.scalar(select(User.id).where(User.email == account.lower()))
        if user_id is None:
            problem = _("No account has this email address.")
        query = query.where(SecurityEvent.user_id == user_id)
    if kind:
        query = query.where(SecurityEvent.kind == kind)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    events = db.session.scalars(
        query.options(joinedload(SecurityEvent.user))
        .order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return render_template(
        "security_events/index.html",
        events=events,
        kinds=KINDS,
        account=account,
        kind=kind,
        page=page,
        has_next=page * PAGE_SIZE < total,
        total=total,
        problem=problem,
    )
