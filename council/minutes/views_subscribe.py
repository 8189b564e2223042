"""Subscribing without an account to "new minutes published": form, confirmation, leaving."""

from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from council.errors import button_transaction
from council.extensions import csrf
from council.minutes import subscriptions as subs
from council.minutes.blueprint import bp
from council.minutes.forms import SubscribeForm
from council.permissions import anyone, requires


@bp.route("/subscribe", methods=["GET", "POST"])
@requires(anyone)
def subscribe():
    form = SubscribeForm(locale=str(get_locale()))
    status = 200
    if form.validate_on_submit():
        if subs.allow_attempt(form.email.data, request.remote_addr):
            thanks = _(
                "Thank you. If this address is not subscribed yet, it will receive an email "
                "with a link to confirm. Nothing is sent before you confirm."
            )
            with button_transaction(thanks):
                subs.subscribe(form.email.data, form.locale.data)
            return redirect(url_for("minutes.subscribe"), 303)
        form.email.errors.append(_("Too many requests. Please wait a while and try again."))
        status = 429
    return render_template("minutes/subscribe.html", form=form), status


@bp.route("/subscribe/confirm/<token>")
@requires(anyone)
def confirm_subscription(token: str):
    with button_transaction():  # the link in the mail is the button
        subscriber = subs.confirm(token)
    page = render_template("minutes/subscription_done.html", confirmed=subscriber is not None)
    return page, 200 if subscriber else 404


@bp.route("/subscribe/unsubscribe/<key>", methods=["GET", "POST"])
@requires(anyone)
@csrf.exempt  # RFC 8058: mail programs send a one-click POST without any form token
def unsubscribe(key: str):
    if request.method == "POST":
        with button_transaction():
            subs.unsubscribe(key)
        return render_template("minutes/subscription_done.html", unsubscribed=True)
    known = subs.by_unsubscribe_key(key) is not None
    return render_template("minutes/unsubscribe.html", key=key, known=known)
