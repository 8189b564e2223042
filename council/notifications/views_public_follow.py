"""Following a recommendation, a service or the meetings by email, without an account."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from council.errors import button_transaction
from council.extensions import csrf
from council.minutes import subscriptions as throttle  # the same per-address and per-email limits
from council.minutes.forms import SubscribeForm
from council.notifications import public_follows as follows
from council.notifications.blueprint import bp
from council.permissions import anyone, requires

KINDS = {kind.value for kind in follows.S}


def _title(kind: str, subject) -> str:
    if kind == follows.S.MEETINGS:
        return _("the council’s meetings")
    if kind == follows.S.SERVICE:
        return subject.name_in(str(get_locale()))
    return subject.title


# The council's meetings are one subject without an id (0 inside; ids in addresses start at 1).
@bp.route(
    "/follow-by-email/meetings",
    defaults={"kind": "meetings", "subject_id": 0},
    methods=["GET", "POST"],
)
@bp.route("/follow-by-email/<kind>/<int:subject_id>", methods=["GET", "POST"])
@requires(anyone)
def follow_by_email(kind: str, subject_id: int):
    subject = follows.subject_of(kind, subject_id) if kind in KINDS else None
    if subject is None:
        abort(404)
    title = _title(kind, subject)
    form = SubscribeForm(locale=str(get_locale()))
    status = 200
    if form.validate_on_submit():
        if throttle.allow_attempt(form.email.data, request.remote_addr):
            thanks = _(
                "Thank you. If this address does not follow this page yet, it will receive an "
                "email with a link to confirm. Nothing is sent before you confirm."
            )
            with button_transaction(thanks):
                follows.follow_by_email(form.email.data, form.locale.data, kind, subject_id, title)
            return redirect(
                url_for("notifications.follow_by_email", kind=kind, subject_id=subject_id), 303
            )
        form.email.errors.append(_("Too many requests. Please wait a while and try again."))
        status = 429
    page = render_template(
        "notifications/follow_by_email.html",
        form=form,
        kind=kind,
        subject_id=subject_id,
        title=title,
        back=follows.subject_link(kind, subject_id),
    )
    return page, status


@bp.route("/follow-by-email/confirm/<token>")
@requires(anyone)
def confirm_follow(token: str):
    with button_transaction():  # the link in the mail is the button
        follow = follows.confirm(token)
    page = render_template("notifications/follow_done.html", confirmed=follow is not None)
    return page, 200 if follow else 404


@bp.route("/follow-by-email/stop/<key>", methods=["GET", "POST"])
@requires(anyone)
@csrf.exempt  # RFC 8058: mail programs send a one-click POST without any form token
def stop_following(key: str):
    if request.method == "POST":
        with button_transaction():
            follows.unsubscribe(key)
        return render_template("notifications/follow_done.html", unsubscribed=True)
    known = follows.by_unsubscribe_key(key) is not None
    return render_template("notifications/follow_stop.html", key=key, known=known)
