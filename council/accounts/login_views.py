"""Logging in: password, second factor, emailed sign-in link; logging out."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm

from council.accounts import emailed_links, operations
from council.accounts.blueprint import bp
from council.accounts.forms import EmailLinkForm, LoginForm, SecondFactorForm
from council.accounts.login_flow import PENDING_KEY, continue_login, finish_login, pending_login
from council.accounts.two_factor import check_second_factor
from council.extensions import db, limiter
from council.permissions import anyone, requires
from council.security_events.record import record_event


def _address() -> str:
    return request.remote_addr or ""


def _blocked_message() -> str:
    return _(
        "Too many failed attempts. Wait 15 minutes, or get a sign-in link by email, or "
        "reset your password."
    )


def _refuse_password(email: str, user) -> None:
    blocked = limiter.record_failure(email, _address())
    record_event("login_failed", user, reason="password" if user else "unknown_account")
    if blocked:
        record_event("login_blocked", user, scope=blocked)
    db.session.commit()


@bp.route("/login", methods=["GET", "POST"])
@requires(anyone)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        email = form.email.data
        if limiter.login_block(email, _address()):
            error, status = _blocked_message(), 429
        else:
            user, ok = operations.check_credentials(email, form.password.data)
            if not ok:
                _refuse_password(email, user)
                error = _("The email address or the password is not correct.")
            else:
                return continue_login(
                    user,
                    remember=form.remember.data,
                    next_url=request.args.get("next"),
                    method="password",
                )
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/login/code", methods=["GET", "POST"])
@requires(anyone)
def second_factor():
    found = pending_login()
    if found is None:
        flash(_("Please log in again: the time to type the code has run out."), "info")
        return redirect(url_for("auth.login"))
    user, pending = found
    form = SecondFactorForm()
    error, status = None, 200
    if form.validate_on_submit():
        if limiter.second_factor_blocked(user.id):
            error, status = _("Too many wrong codes. Wait 15 minutes and try again."), 429
        elif (method := check_second_factor(user, form.code.data)) is None:
            db.session.rollback()
            limiter.record_second_factor_failure(user.id)
            record_event("second_factor_failed", user)
            db.session.commit()
            error = _("This code is not right or was already used.")
        else:
            response = finish_login(
                user,
                remember=pending["remember"],
                next_url=pending["next"],
                method=pending["method"],
                second_factor=method,
            )
            if method == "recovery_code":  # after the login: it empties the session
                flash(_("You used a recovery code. Each code works once."), "info")
            return response
    return render_template("auth/second_factor.html", form=form, error=error), status


@bp.route("/login/link", methods=["GET", "POST"])
@requires(anyone)
def request_sign_in_link():
    form = EmailLinkForm()
    if form.validate_on_submit():
        if not limiter.allow_emailed_link(form.email.data, _address()):
            return render_template(
                "auth/request_sign_in_link.html", form=form, error=_too_many_links()
            ), 429
        emailed_links.request_sign_in_link(form.email.data, str(get_locale()))
        db.session.commit()
        flash(
            _(
                "If an account exists for this address, we have sent it a sign-in link. "
                "The link works once, for 15 minutes."
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/request_sign_in_link.html", form=form, error=None)


def _too_many_links() -> str:
    return _("Too many links were asked for. Wait an hour and try again.")


@bp.route("/login/link/<token>", methods=["GET", "POST"])
@requires(anyone)
def sign_in_with_link(token: str):
    # Opening the link only shows a button: mail scanners that fetch links must not spend it.
    form = FlaskForm()
    link = emailed_links.find_sign_in_link(token)
    if link is not None and form.validate_on_submit():
        user = emailed_links.use_sign_in_link(token)
        if user is not None:
            limiter.clear_account(user.email, _address())
            record_event("sign_in_link_used", user)
            return continue_login(user, remember=False, next_url=None, method="sign_in_link")
        link = None
    return render_template("auth/sign_in_with_link.html", form=form, valid=link is not None)


@bp.route("/logout", methods=["GET", "POST"])
@requires(anyone)
def logout():
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        if current_user.is_authenticated:
            operations.end_all_sessions(current_user)
            record_event("logout", current_user)
            db.session.commit()
        logout_user()
        session.pop(PENDING_KEY, None)
        flash(_("You are logged out."), "success")
        return redirect(url_for("main.index"))
    return render_template("auth/logout.html", form=form)
