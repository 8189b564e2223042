from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from council.errors import form_transaction
from council.extensions import db
from council.permissions import anyone, is_admin, requires
from council.services import operations
from council.services.blueprint import bp
from council.services.forms import ServiceForm
from council.services.models import Service


@bp.route("/")
@requires(anyone)
def index():
    services = db.session.scalars(select(Service).order_by(Service.name)).all()
    return render_template("services/index.html", services=services)


@bp.route("/<int:service_id>")
@requires(anyone)
def show(service_id: int):
    service = db.get_or_404(Service, service_id)
    return render_template("services/show.html", service=service)


@bp.route("/new", methods=["GET", "POST"])
@requires(is_admin)
def create():
    form = ServiceForm()
    if form.validate_on_submit():
        with form_transaction(form, "name") as done:
            service = operations.create_service(
                form.name.data,
                form.contact_email.data,
                form.description.data,
                form.translations.data,
            )
        if done:
            flash(_("Service created."), "success")
            return redirect(url_for("services.show", service_id=service.id))
    return render_template("services/form.html", form=form, service=None)


@bp.route("/<int:service_id>/edit", methods=["GET", "POST"])
@requires(is_admin)
def edit(service_id: int):
    service = db.get_or_404(Service, service_id)
    form = ServiceForm(obj=service, translations=service.translated_locales())
    if form.validate_on_submit():
        with form_transaction(form, "name") as done:
            operations.update_service(
                service,
                form.name.data,
                form.contact_email.data,
                form.description.data,
                form.translations.data,
            )
        if done:
            flash(_("Service saved."), "success")
            return redirect(url_for("services.show", service_id=service.id))
    return render_template("services/form.html", form=form, service=service)
