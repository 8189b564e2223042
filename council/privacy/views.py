"""The privacy page; downloading and erasing one's data, or a person's data for the admin."""

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from council.accounts.models import User
from council.accounts.passwords import verify_password
from council.errors import form_transaction
from council.extensions import db
from council.permissions import anyone, is_admin, is_authenticated, requires
from council.plain_text import isolate
from council.privacy.archive import personal_archive
from council.privacy.blueprint import bp
from council.privacy.erasure import erase_account
from council.privacy.export import personal_data
from council.privacy.forms import EraseForm, PasswordConfirmForm
from council.privacy.retention import periods


@bp.route("/privacy")
@requires(anyone)
def privacy():
    return render_template("privacy/privacy.html", periods=periods())


def _confirmed(form) -> bool:
    """Sent, valid, and the password of the person acting (the admin's own, for an admin)."""
    if not form.validate_on_submit():
        return False
    if verify_password(current_user.password_hash, form.password.data):
        return True
    form.password.errors.append(_("Your password is not correct."))
    return False


def _download(person: User) -> Response:
    if request.form.get("format") == "zip":
        return Response(
            personal_archive(person),
            mimetype="application/zip",
            headers={"Content-Disposition": f'attachment; filename="council-data-{person.id}.zip"'},
        )
    body = json.dumps(personal_data(person), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="council-data-{person.id}.json"'},
    )


@bp.route("/account/data", methods=["GET", "POST"])
@requires(is_authenticated)
def my_data():
    form = PasswordConfirmForm()
    if _confirmed(form):
        return _download(current_user)
    return render_template("privacy/data.html", form=form, person=current_user, own=True)


@bp.route("/account/erase", methods=["GET", "POST"])
@requires(is_authenticated)
def erase_mine():
    form = EraseForm()
    if _confirmed(form):
        with form_transaction(form, "understood") as done:
            erase_account(current_user, by=current_user)
        if done:
            logout_user()
            flash(_("Your account is erased. Thank you for your part in the council."), "success")
            return redirect(url_for("main.index"))
    return render_template("privacy/erase.html", form=form, person=current_user, own=True)


@bp.route("/admin/users/<int:user_id>/data", methods=["GET", "POST"])
@requires(is_admin)
def person_data(user_id: int):
    person = db.get_or_404(User, user_id)
    form = PasswordConfirmForm()
    if _confirmed(form):
        return _download(person)
    return render_template("privacy/data.html", form=form, person=person, own=False)


@bp.route("/admin/users/<int:user_id>/erase", methods=["GET", "POST"])
@requires(is_admin)
def erase_person(user_id: int):
    person = db.get_or_404(User, user_id)
    form = EraseForm()
    if _confirmed(form):
        name = person.display_name
        with form_transaction(form, "understood") as done:
            erase_account(person, by=current_user)
        if done:
            flash(_("The account of %(name)s is erased.", name=isolate(name)), "success")
            return redirect(url_for("admin.users"))
    return render_template("privacy/erase.html", form=form, person=person, own=False)
