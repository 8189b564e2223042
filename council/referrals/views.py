from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, select

from council.dates import council_today
from council.errors import form_transaction
from council.extensions import db
from council.permissions import anyone, is_admin, require_object, requires
from council.proposals.models import Theme
from council.proposals.themes import all_themes
from council.referrals import operations, subject
from council.referrals.blueprint import bp
from council.referrals.forms import ReferralForm, SettleForm
from council.referrals.models import Referral, ReferralStatus
from council.referrals.permissions import (
    can_answer_referral,
    can_close_referral,
    can_refer,
    can_settle_referrals,
)
from council.services.models import Service
from council.translations_content.queries import prefetch_translations
from council.translations_content.reading import counted_read

subject.register()


@bp.route("/")
@requires(anyone)
def index():
    status = request.args.get("status")
    query = select(Referral)
    if status in {s.value for s in ReferralStatus}:
        query = query.where(Referral.status == ReferralStatus(status))
    # Open questions first (soonest wished date first), then the settled ones, newest first.
    is_open = case((Referral.status == ReferralStatus.OPEN, 0), else_=1)
    query = query.order_by(is_open, Referral.wished_answer_date, Referral.id.desc()).limit(500)
    referrals = db.session.scalars(query).all()
    prefetch_translations("referral", [referral.id for referral in referrals])
    return render_template(
        "referrals/index.html",
        referrals=referrals,
        status=status,
        statuses=list(ReferralStatus),
        today=council_today(),
    )


def _referral_form() -> ReferralForm:
    form = ReferralForm(language=str(get_locale()))
    services = current_user.services
    if is_admin(current_user):
        services = db.session.scalars(select(Service).order_by(Service.name)).all()
    locale = str(get_locale())
    form.service_id.choices = [(s.id, s.name_in(locale)) for s in services]
    form.theme_id.choices = [(None, _("No theme"))] + [
        (theme.id, theme.name_in(locale)) for theme in all_themes(locale)
    ]
    return form


@bp.route("/new", methods=["GET", "POST"])
@requires(can_refer)
def create():
    form = _referral_form()
    if form.validate_on_submit():
        with form_transaction(form, "question") as done:
            referral = operations.create_referral(
                current_user,
                question=form.question.data,
                context=form.context.data,
                service=db.session.get(Service, form.service_id.data),
                wished_answer_date=form.wished_answer_date.data,
                language=form.language.data,
                theme=db.session.get(Theme, form.theme_id.data) if form.theme_id.data else None,
            )
        if done:
            flash(_("Your question is sent to the council."), "success")
            return redirect(url_for("referrals.show", referral_id=referral.id))
    return render_template("referrals/form.html", form=form)


@bp.route("/<int:referral_id>")
@requires(anyone)
def show(referral_id: int):
    referral = db.get_or_404(Referral, referral_id)
    page = render_template(
        "referrals/show.html",
        referral=referral,
        today=council_today(),
        may_close=can_close_referral(current_user, referral),
        may_answer=can_answer_referral(current_user, referral),
    )
    return counted_read("referral", referral.id, page)


def _settle(referral_id: int, action: str):
    referral = db.get_or_404(Referral, referral_id)
    allowed = can_answer_referral if action == "answer" else can_close_referral
    require_object(allowed(current_user, referral))
    form = SettleForm()
    if form.validate_on_submit():
        with form_transaction(form, "note") as done:
            if action == "answer":
                operations.mark_referral_answered(referral, current_user, note=form.note.data)
            else:
                operations.close_referral(referral, current_user, reason=form.note.data)
        if done:
            flash(_("The referral is now %(status)s.", status=referral.status.label), "success")
            return redirect(url_for("referrals.show", referral_id=referral.id))
    return render_template("referrals/settle.html", form=form, referral=referral, action=action)


@bp.route("/<int:referral_id>/close", methods=["GET", "POST"])
@requires(can_settle_referrals)
def close(referral_id: int):
    return _settle(referral_id, "close")


@bp.route("/<int:referral_id>/answer", methods=["GET", "POST"])
@requires(can_settle_referrals)
def answer(referral_id: int):
    return _settle(referral_id, "answer")
