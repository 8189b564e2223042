"""The officials' side: their services' inbox, responses (with revisions) and follow-ups."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from council.dates import council_today
from council.errors import form_transaction
from council.extensions import db
from council.permissions import require_object, requires
from council.plain_text import isolate
from council.recommendations import operations, queries
from council.recommendations.blueprint import bp
from council.recommendations.forms import BLANK_ROWS, FollowUpForm, ResponseForm
from council.recommendations.models import Commitment, Recommendation
from council.recommendations.permissions import can_answer_for, can_follow_up, can_use_inbox
from council.services.models import Service
from council.translations_content.queries import prefetch_translations


@bp.route("/inbox")
@requires(can_use_inbox)
def inbox():
    today = council_today()
    rows = [
        (recommendation, service, queries.standing(recommendation, service, today))
        for recommendation, service in queries.inbox_of(current_user)
    ]
    prefetch_translations("recommendation", {row[0].id for row in rows})  # titles, by the rule
    return render_template("recommendations/inbox.html", rows=rows)


def _response_form(response) -> ResponseForm:
    if response is None:
        return ResponseForm(language=str(get_locale()))
    rows = [
        {"commitment_id": str(c.id), "text": c.text, "target_date": c.target_date}
        for c in response.live_commitments
    ]
    current = response.current
    data = {
        "status": current.status.value,
        "justification": current.justification,
        "language": current.language,
        "commitments": rows + [{}] * BLANK_ROWS,
    }
    return ResponseForm(data=data)


@bp.route(
    "/inbox/<int:recommendation_id>/services/<int:service_id>/respond", methods=["GET", "POST"]
)
@requires(can_use_inbox)
def respond(recommendation_id: int, service_id: int):
    recommendation = db.get_or_404(Recommendation, recommendation_id)
    service = db.get_or_404(Service, service_id)
    if not recommendation.is_public or not recommendation.addresses(service):
        abort(404)
    require_object(can_answer_for(current_user, recommendation, service))
    response = recommendation.response_of(service)
    form, commitment_error = _response_form(response), None
    if form.validate_on_submit():
        with form_transaction(form, None) as done:
            operations.respond_to_recommendation(
                recommendation,
                current_user,
                service=service,
                status=form.status.data,
                justification=form.justification.data,
                commitments=form.commitment_rows(),
                language=form.language.data,
            )
        if done:
            name = service.name_in(str(get_locale()))  # as the page around it names the service
            flash(_("The response of %(service)s is published.", service=isolate(name)), "success")
            return redirect(url_for("recommendations.show", recommendation_id=recommendation.id))
        if done.error.field == "commitments":  # not one field: shown above the commitment rows
            commitment_error = done.error.message
        else:
            done.error.attach_to(form, "status")
    return render_template(
        "recommendations/respond.html",
        form=form,
        recommendation=recommendation,
        service=service,
        response=response,
        commitment_error=commitment_error,
    )


@bp.route("/inbox/commitments/<int:commitment_id>/follow-up", methods=["GET", "POST"])
@requires(can_use_inbox)
def follow_up(commitment_id: int):
    commitment = db.get_or_404(Commitment, commitment_id)
    require_object(can_follow_up(current_user, commitment))
    recommendation = commitment.response.recommendation
    form = FollowUpForm(on_date=council_today(), language=str(get_locale()))
    if form.validate_on_submit():
        with form_transaction(form, "note") as done:
            operations.post_follow_up(
                commitment,
                current_user,
                status=form.status.data,
                note=form.note.data,
                percent=form.percent.data,
                on_date=form.on_date.data,
                language=form.language.data,
            )
        if done:
            flash(_("The follow-up is published."), "success")
            return redirect(url_for("recommendations.show", recommendation_id=recommendation.id))
    return render_template(
        "recommendations/follow_up.html",
        form=form,
        commitment=commitment,
        recommendation=recommendation,
    )
