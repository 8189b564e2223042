"""The outbox as the admin sees it: messages set aside (quarantined, given up), and the queue."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from council.admin.blueprint import bp
from council.errors import button_transaction
from council.extensions import db
from council.mail import operations
from council.mail.models import OutboxMessage, OutboxStatus
from council.permissions import is_admin, requires

SHOWN = 200
STATES = {
    OutboxStatus.PENDING: _l("Waiting to be sent"),
    OutboxStatus.SENDING: _l("Being sent"),
    OutboxStatus.QUARANTINED: _l("Set aside: cannot be sent as it is"),
    OutboxStatus.FAILED: _l("Given up after repeated network failures"),
}


@bp.route("/mail")
@requires(is_admin)
def mail():
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.status.in_(STATES))
            .group_by(OutboxMessage.status)
        ).all()
    )
    set_aside = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status.in_(operations.NEEDS_ATTENTION))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(SHOWN)
    ).all()
    oldest_waiting = db.session.scalar(
        select(func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING))
        )
    )
    return render_template(
        "admin/mail.html",
        states=STATES,
        counts={status: counts.get(status, 0) for status in STATES},
        set_aside=set_aside,
        oldest_waiting=oldest_waiting,
        shown=SHOWN,
    )


def _message(message_id: int) -> OutboxMessage:
    return db.get_or_404(OutboxMessage, message_id)


@bp.route("/mail/<int:message_id>/retry", methods=["POST"])
@requires(is_admin)
def retry_mail(message_id: int):
    message = _message(message_id)
    with button_transaction(
        _("The message is back in the queue: it is sent with the next delivery run.")
    ):
        operations.retry_message(message, by=current_user)
    return redirect(url_for("admin.mail"), 303)


@bp.route("/mail/<int:message_id>/discard", methods=["POST"])
@requires(is_admin)
def discard_mail(message_id: int):
    message = _message(message_id)
    with button_transaction(_("The message is discarded: it will not be sent.")):
        operations.discard_message(message, by=current_user)
    return redirect(url_for("admin.mail"), 303)
