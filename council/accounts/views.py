from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from council.accounts import operations
from council.accounts.blueprint import bp
from council.accounts.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    ProfileForm,
    ResetPasswordForm,
)
from council.accounts.session import start_session
from council.errors import form_transaction
from council.extensions import db, limiter
from council.permissions import anyone, is_authenticated, requires


@bp.route("/invitations/accept/<token>", methods=["GET", "POST"])
@requires(anyone)
def accept_invitation(token: str):
    invitation = operations.find_invitation(token)
    form = AcceptInvitationForm(locale=invitation.locale if invitation else str(get_locale()))
    if form.validate_on_submit():
        with form_transaction(form, "password") as done:
            user = operations.accept_invitation(
                token, form.display_name.data, form.password.data, form.locale.data
            )
        if done:
            start_session(user)
            db.session.commit()
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("main.home", lang=user.locale))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


@bp.route("/password/forgot", methods=["GET", "POST"])
@requires(anyone)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        if not limiter.allow_emailed_link(form.email.data, request.remote_addr or ""):
            error = _("Too many links were asked for. Wait an hour and try again.")
            return render_template("auth/forgot_password.html", form=form, error=error), 429
        operations.request_password_reset(form.email.data, str(get_locale()))
        db.session.commit()
        flash(
            _(
                "If an account exists for this address, we have sent it a link. "
                "The link works once, for one hour."
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form, error=None)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@requires(anyone)
def reset_password(token: str):
    form = ResetPasswordForm()
    valid = operations.find_reset(token) is not None
    if valid and form.validate_on_submit():
        with form_transaction(form, "password") as done:
            user = operations.reset_password(token, form.password.data)
        if done:
            # Whoever can read the person's mail has proved it is them: lift a login block.
            limiter.clear_account(user.email, request.remote_addr or "")
            logout_user()
            flash(_("Your password has been changed. You can log in now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, valid=valid)


@bp.route("/account", methods=["GET", "POST"])
@requires(is_authenticated)
def account():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        with form_transaction(form, "display_name") as done:
            operations.update_profile(
                current_user, form.display_name.data, form.locale.data or None
            )
        if done:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@requires(is_authenticated)
def change_password():
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    remember = bool(getattr(g.get("login_session"), "remember", False))
    if form.validate_on_submit():
        with form_transaction(form, "password") as done:
            operations.change_password(current_user, form.current_password.data, form.password.data)
        if done:
            # The version bump logged out every device; keep this one logged in (in a new
            # session, as long as the one it replaces could have lasted).
            start_session(user, remember=remember)
            db.session.commit()
            flash(
                _("Your password has been changed. Other devices have been logged out."), "success"
            )
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)
