from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from council.accounts import operations, two_factor
from council.accounts.models import User
from council.admin.blueprint import bp
from council.admin.forms import UserRolesForm
from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.permissions import is_admin, requires
from council.plain_text import isolate
from council.roles import Role
from council.services.models import Service


@bp.route("/users")
@requires(is_admin)
def users():
    people = db.session.scalars(select(User).order_by(User.display_name)).all()
    return render_template("admin/users.html", people=people)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(is_admin)
def edit_user(user_id: int):
    person = db.get_or_404(User, user_id)
    form = UserRolesForm(
        roles=[role.value for role in person.roles],
        service_ids=[service.id for service in person.services],
        active=person.is_active_account,
    )
    form.roles.choices = [(role.value, role.label) for role in Role]
    services = db.session.scalars(select(Service).order_by(Service.name)).all()
    form.service_ids.choices = [(s.id, s.name_in(str(get_locale()))) for s in services]
    if form.validate_on_submit():
        with form_transaction(form, "roles") as done:
            operations.update_access(
                person,
                roles={Role(value) for value in form.roles.data},
                services=[s for s in services if s.id in form.service_ids.data],
                active=form.active.data,
                by=current_user,
            )
        if done:
            flash(_("Access of %(name)s saved.", name=isolate(person.display_name)), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/edit_user.html", form=form, person=person)


@bp.route("/users/<int:user_id>/two-factor/reset", methods=["POST"])
@requires(is_admin)
def reset_two_factor(user_id: int):
    person = db.get_or_404(User, user_id)
    with button_transaction(
        _("The second factor of %(name)s was removed.", name=isolate(person.display_name))
    ):
        two_factor.reset_two_factor(person, by=current_user)
    return redirect(url_for("admin.edit_user", user_id=person.id), 303)
