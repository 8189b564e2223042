from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm

from council.accounts import operations
from council.accounts.blueprint import bp
from council.accounts.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
)
from council.errors import button_transaction, form_transaction
from council.extensions import limiter
from council.navigation import safe_next
from council.permissions import anyone, is_authenticated, requires


@bp.route("/login", methods=["GET", "POST"])
@requires(anyone)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        address = request.remote_addr or ""
        if limiter.is_blocked(form.email.data, address):
            error, status = (
                _("Too many failed attempts. Wait 15 minutes, or reset your password."),
                429,
            )
        elif (user := operations.authenticate(form.email.data, form.password.data)) is None:
            limiter.record_failure(form.email.data, address)
            error = _("The email address or the password is not correct.")
        else:
            with form_transaction(form, None):  # the new session's row (council/accounts/session)
                login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["GET", "POST"])
@requires(anyone)
def logout():
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        if current_user.is_authenticated:
            with button_transaction():
                operations.end_all_sessions(current_user)
        logout_user()
        flash(_("You are logged out."), "success")
        return redirect(url_for("main.index"))
    return render_template("auth/logout.html", form=form)


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
            login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("main.home", lang=user.locale))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


@bp.route("/password/forgot", methods=["GET", "POST"])
@requires(anyone)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        with form_transaction(form, None):
            operations.request_password_reset(form.email.data, str(get_locale()))
        flash(
            _(
                "If an account exists for this address, we have sent it a link. "
                "The link works once, for one hour."
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@requires(anyone)
def reset_password(token: str):
    form = ResetPasswordForm()
    valid = operations.find_reset(token) is not None
    if valid and form.validate_on_submit():
        with form_transaction(form, "password") as done:
            operations.reset_password(token, form.password.data)
        if done:
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
    if form.validate_on_submit():
        with form_transaction(form, "password") as done:
            operations.change_password(current_user, form.current_password.data, form.password.data)
        if done:
            # The version bump logged out every device; keep this one logged in.
            login_user(current_user._get_current_object())
            flash(
                _("Your password has been changed. Other devices have been logged out."), "success"
            )
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)
