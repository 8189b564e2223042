"""The secretariat transmits an adopted recommendation to the services it concerns."""

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from council.errors import form_transaction
from council.extensions import db
from council.permissions import requires
from council.recommendations import operations
from council.recommendations.blueprint import bp
from council.recommendations.forms import TransmitForm
from council.recommendations.models import Recommendation
from council.recommendations.permissions import can_transmit, can_transmit_recommendation
from council.services.models import Service


def _transmit_form(recommendation) -> TransmitForm:
    suggested = [s.id for s in recommendation.proposal.services]
    form = TransmitForm(services=suggested, deadline=operations.default_deadline())
    locale = str(get_locale())
    services = db.session.scalars(db.select(Service).order_by(Service.name)).all()
    form.services.choices = [(s.id, s.name_in(locale)) for s in services]
    return form


@bp.route("/recommendations/<int:recommendation_id>/transmit", methods=["GET", "POST"])
@requires(can_transmit)
def transmit(recommendation_id: int):
    recommendation = db.get_or_404(Recommendation, recommendation_id)
    if not can_transmit_recommendation(current_user, recommendation):
        flash(_("This recommendation has already been transmitted."), "error")
        return redirect(url_for("recommendations.show", recommendation_id=recommendation.id))
    form = _transmit_form(recommendation)
    if form.validate_on_submit():
        chosen = [db.session.get(Service, service_id) for service_id in form.services.data]
        with form_transaction(form, "services") as done:
            operations.transmit_recommendation(
                recommendation, current_user, services=chosen, deadline=form.deadline.data
            )
        if done:
            flash(_("The recommendation is transmitted to the services."), "success")
            return redirect(url_for("recommendations.show", recommendation_id=recommendation.id))
    return render_template(
        "recommendations/transmit.html", form=form, recommendation=recommendation
    )
