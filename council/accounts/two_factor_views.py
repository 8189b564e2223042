"""Two-factor authentication from the account page: set up, recovery codes, turn off."""

from flask import flash, g, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from council.accounts import recovery_codes, totp, two_factor
from council.accounts.blueprint import bp
from council.accounts.forms import DisableTwoFactorForm, EnableTwoFactorForm, RecoveryCodesForm
from council.accounts.session import start_session
from council.errors import form_transaction
from council.extensions import db
from council.permissions import is_authenticated, requires


def _no_store(page: str, status: int = 200):
    """Pages showing a secret (the set-up key, recovery codes): never cached or kept."""
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _qr_code(secret: str) -> Markup:
    svg = totp.qr_svg(totp.provisioning_uri(secret, current_user.email))
    label = _("QR code to scan with your authenticator app")
    # segno's SVG is made by us from the secret and the address only (no user markup).
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S704


@bp.route("/account/two-factor")
@requires(is_authenticated)
def two_factor_status():
    user = current_user._get_current_object()
    return render_template(
        "auth/two_factor.html",
        required=two_factor.requires_two_factor(user),
        codes_left=recovery_codes.unused_count(user) if user.has_two_factor else 0,
        disable_form=DisableTwoFactorForm(),
        codes_form=RecoveryCodesForm(prefix="codes"),
    )


@bp.route("/account/two-factor/setup", methods=["GET", "POST"])
@requires(is_authenticated)
def two_factor_setup():
    user = current_user._get_current_object()
    if user.has_two_factor:
        return redirect(url_for("auth.two_factor_status"))
    form = EnableTwoFactorForm()
    if form.validate_on_submit():
        with form_transaction(form, "code") as done:
            codes = two_factor.confirm_enrolment(user, form.code.data)
        if done:
            # A new factor, a new session: its id and CSRF token change (fixation).
            remember = bool(getattr(g.get("login_session"), "remember", False))
            start_session(user, remember=remember)
            db.session.commit()
            return _show_codes(codes, enrolled=True)
    secret = two_factor.begin_enrolment(user)
    db.session.commit()
    page = render_template(
        "auth/two_factor_setup.html",
        form=form,
        required=two_factor.requires_two_factor(user),
        qr_code=_qr_code(secret),
        secret=totp.grouped(secret),
    )
    return _no_store(page)


def _show_codes(codes: list[str], *, enrolled: bool):
    page = render_template("auth/recovery_codes.html", codes=codes, enrolled=enrolled)
    return _no_store(page)


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@requires(is_authenticated)
def replace_recovery_codes():
    user = current_user._get_current_object()
    form = RecoveryCodesForm(prefix="codes")
    if user.has_two_factor and form.validate_on_submit():
        with form_transaction(form, None) as done:
            codes = two_factor.replace_recovery_codes(user, form.code.data)
        if done:
            return _show_codes(codes, enrolled=False)
        flash(done.error.message, "error")
    return redirect(url_for("auth.two_factor_status"))


@bp.route("/account/two-factor/disable", methods=["POST"])
@requires(is_authenticated)
def disable_two_factor():
    user = current_user._get_current_object()
    form = DisableTwoFactorForm()
    if not user.has_two_factor:
        return redirect(url_for("auth.two_factor_status"))
    if form.validate_on_submit():
        with form_transaction(form, "code") as done:
            two_factor.disable_two_factor(user, form.password.data, form.code.data)
        if done:
            flash(_("Two-factor authentication is off."), "success")
            return redirect(url_for("auth.two_factor_status"))
    page = render_template(
        "auth/two_factor.html",
        required=two_factor.requires_two_factor(user),
        codes_left=recovery_codes.unused_count(user),
        disable_form=form,
        codes_form=RecoveryCodesForm(prefix="codes"),
    )
    return page
