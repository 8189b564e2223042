"""Public pages: the list with its filters, one recommendation's timeline, the dashboard."""

from flask import abort, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from council.dates import council_today
from council.extensions import db
from council.input_guard import query_int
from council.pagecache.values import remembered_count
from council.permissions import anyone, is_member, is_secretary, requires
from council.proposals.queries import Page
from council.recommendations import chart, queries, subject
from council.recommendations.blueprint import bp
from council.recommendations.forms import FilterForm
from council.recommendations.labels import RESPONSE_LABELS, STANDING_LABELS
from council.recommendations.models import Recommendation
from council.recommendations.permissions import (
    can_answer_for,
    can_follow_up,
    can_read_recommendation,
    can_transmit_recommendation,
)
from council.recommendations.timeline import timeline_of
from council.services.models import Service
from council.translations_content.queries import prefetch_translations
from council.translations_content.reading import counted_read

PER_PAGE = 20
subject.register()


def _fill_choices(form: FilterForm, locale: str) -> None:
    services = db.session.scalars(db.select(Service).order_by(Service.name)).all()
    form.service.choices = [(None, _l("All services"))] + [
        (s.id, s.name_in(locale)) for s in services
    ]
    form.status.choices = [
        ("", _l("Any response")),
        ("awaiting", STANDING_LABELS["awaiting"]),
        *[(status.value, label) for status, label in RESPONSE_LABELS.items()],
    ]
    form.year.choices = [(None, _l("All years"))] + [
        (year, str(year)) for year in queries.transmission_years()
    ]


def _paginate(query, number: int) -> Page:
    total = remembered_count(
        db.select(db.func.count()).select_from(query.order_by(None).subquery())
    )
    number = max(number, 1)
    items = db.session.scalars(query.limit(PER_PAGE).offset((number - 1) * PER_PAGE)).all()
    page = Page(items=items, number=number, total=total, per_page=PER_PAGE)
    page.prev_args = {"page": number - 1} if number > 1 else None
    page.next_args = {"page": number + 1} if number < page.pages else None
    return page


@bp.route("/recommendations/")
@requires(anyone)
def index():
    form = FilterForm(request.args)
    _fill_choices(form, str(get_locale()))
    filters = queries.Filters()
    if form.validate():
        filters = queries.Filters(
            form.service.data, form.status.data or None, form.overdue.data, form.year.data
        )
    page = _paginate(queries.public_query(filters), query_int("page", 1))
    pending = []
    if is_member(current_user) or is_secretary(current_user):
        pending = queries.awaiting_transmission()
    # Each card shows its title in the reader's language: one query for the whole page.
    prefetch_translations("recommendation", [r.id for r in [*page.items, *pending]])
    return render_template(
        "recommendations/index.html", form=form, page=page, pending=pending, today=council_today()
    )


def load_readable(recommendation_id: int) -> Recommendation:
    """The recommendation, or 404 when it does not exist or is not public for this person."""
    recommendation = db.get_or_404(Recommendation, recommendation_id)
    if not can_read_recommendation(current_user, recommendation):
        abort(404)
    return recommendation


@bp.route("/recommendations/<int:recommendation_id>")
@requires(anyone)
def show(recommendation_id: int):
    recommendation = load_readable(recommendation_id)
    today = council_today()
    # Response justifications and follow-up notes may be translated: one query for them all.
    prefetch_translations("response", [r.id for r in recommendation.responses])
    prefetch_translations(
        "follow_up",
        [f.id for r in recommendation.responses for c in r.commitments for f in c.follow_ups],
    )
    page = render_template(
        "recommendations/show.html",
        recommendation=recommendation,
        timeline=timeline_of(recommendation),
        standings={
            s.id: queries.standing(recommendation, s, today) for s in recommendation.services
        },
        may_transmit=can_transmit_recommendation(current_user, recommendation),
        answerable=[
            s for s in recommendation.services if can_answer_for(current_user, recommendation, s)
        ],
        may_follow_up=lambda commitment: can_follow_up(current_user, commitment),
    )
    return counted_read("recommendation", recommendation.id, page)


@bp.route("/dashboard")
@requires(anyone)
def dashboard():
    figures = queries.dashboard_figures()
    locale = str(get_locale())
    return render_template(
        "recommendations/dashboard.html",
        figures=figures,
        chart=chart.standing_chart(figures, locale),
        total=queries.count_public(),
    )
