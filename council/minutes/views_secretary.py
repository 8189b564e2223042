"""The secretary writes, approves, publishes and corrects minutes; members read the history."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.i18n import language
from council.meetings.models import AgendaItem, Meeting
from council.minutes import operations as ops
from council.minutes.blueprint import bp
from council.minutes.forms import (
    ApprovalItemForm,
    BureauApprovalForm,
    ErratumForm,
    minutes_form_for,
)
from council.minutes.models import Minutes, MinutesRevision
from council.minutes.permissions import sees_drafts
from council.minutes.presentation import load_readable
from council.minutes.queries import minutes_of
from council.minutes.revisions import changes_between
from council.permissions import is_secretary, requires


def _load(meeting_id: int):
    minutes = minutes_of(db.get_or_404(Meeting, meeting_id))
    if minutes is None:
        abort(404)
    return minutes


def _show_url(meeting_id: int) -> str:
    return url_for("minutes.show", meeting_id=meeting_id)


def _edit_url(meeting_id: int) -> str:
    return url_for("minutes.edit", meeting_id=meeting_id)


def _initial(minutes) -> dict:
    data = {"seen_version": minutes.version}
    data.update({name: getattr(minutes, name) for name in ops.WRITTEN_FIELDS})
    for narrative in minutes.narratives:
        data[f"item_{narrative.item_id}"] = narrative.text
        data[f"item_{narrative.item_id}_language"] = narrative.language
    return data


def _fresh_form(minutes):
    return minutes_form_for(minutes.meeting.items, **_initial(minutes))


def _approval_item_form(minutes) -> ApprovalItemForm:
    form = ApprovalItemForm()
    form.item_id.choices = [
        (str(item.id), f"{item.meeting.title} — {item.position}. {item.title}")
        for item in ops.eligible_approval_items(minutes)
    ]
    return form


def _edit_page(minutes, form, **forms):
    forms.setdefault("approval_form", _approval_item_form(minutes))
    forms.setdefault("bureau_form", BureauApprovalForm())
    forms.setdefault("erratum_form", ErratumForm(language=ops.working_language()))
    return render_template(
        "minutes/edit.html",
        minutes=minutes,
        meeting=minutes.meeting,
        form=form,
        bureau_allowed=ops.bureau_may_approve(),
        **forms,
    )


@bp.route("/meetings/<int:meeting_id>/minutes/edit", methods=["GET", "POST"])
@requires(is_secretary)
def edit(meeting_id: int):
    minutes = _load(meeting_id)
    items = minutes.meeting.items
    form = minutes_form_for(items, **_initial(minutes))
    if minutes.is_draft and form.validate_on_submit():
        with form_transaction(form, "summary") as done:
            fields = {name: form[name].data or "" for name in ops.WRITTEN_FIELDS}
            revision = ops.save_minutes(
                minutes, current_user, seen_version=form.seen_version.data,
                narratives=form.narratives(items), **fields,
            )  # fmt: skip
        if done:
            flash(_("The minutes are saved.") if revision else _("Nothing changed."), "success")
            return redirect(_edit_url(meeting_id), 303)
        # The text stays in the form; saving again is a deliberate choice after comparing.
        form.seen_version.data = db.session.get(Minutes, minutes.id).version
    elif not minutes.is_draft and form.is_submitted():
        flash(ops.frozen_error().message, "error")  # a forged or stale form
        return redirect(_edit_url(meeting_id), 303)
    return _edit_page(minutes, form)


@bp.route("/meetings/<int:meeting_id>/minutes/approval-item", methods=["POST"])
@requires(is_secretary)
def link_approval(meeting_id: int):
    minutes = _load(meeting_id)
    form = _approval_item_form(minutes)
    if form.validate_on_submit():
        item = db.session.get(AgendaItem, int(form.item_id.data))
        with button_transaction(_("These minutes will be put to the vote on that agenda item.")):
            ops.link_approval_item(minutes, current_user, item=item)
        return redirect(_edit_url(meeting_id), 303)
    return _edit_page(minutes, _fresh_form(minutes), approval_form=form)


@bp.route("/meetings/<int:meeting_id>/minutes/approve", methods=["POST"])
@requires(is_secretary)
def approve(meeting_id: int):
    minutes = _load(meeting_id)
    form = BureauApprovalForm()
    if form.validate_on_submit():
        with button_transaction(_("The minutes are approved. Their text is now frozen.")):
            ops.approve_by_bureau(minutes, current_user, decision=form.decision.data)
        return redirect(_edit_url(meeting_id), 303)
    return _edit_page(minutes, _fresh_form(minutes), bureau_form=form)


@bp.route("/meetings/<int:meeting_id>/minutes/publish", methods=["POST"])
@requires(is_secretary)
def publish(meeting_id: int):
    minutes = _load(meeting_id)
    with button_transaction(_("The minutes are published: everyone can read them.")):
        ops.publish_minutes(minutes, current_user)
    return redirect(_show_url(meeting_id), 303)


@bp.route("/meetings/<int:meeting_id>/minutes/errata", methods=["POST"])
@requires(is_secretary)
def add_erratum(meeting_id: int):
    minutes = _load(meeting_id)
    form = ErratumForm()
    if form.validate_on_submit():
        with button_transaction(_("The erratum is added to the minutes.")) as done:
            ops.add_erratum(minutes, current_user, text=form.text.data, language=form.language.data)
        # Refused (e.g. still a draft), the erratum form is not on the minutes' page: edit page.
        return redirect(_show_url(meeting_id) if done else _edit_url(meeting_id), 303)
    return _edit_page(minutes, _fresh_form(minutes), erratum_form=form)


@bp.route("/meetings/<int:meeting_id>/minutes/revisions")
@requires(sees_drafts)
def revisions(meeting_id: int):
    _, minutes = load_readable(meeting_id)
    rows = db.session.scalars(
        db.select(MinutesRevision)
        .where(MinutesRevision.minutes_id == minutes.id)
        .order_by(MinutesRevision.number.desc())
    ).all()
    return render_template("minutes/revisions.html", minutes=minutes, revisions=rows)


@bp.route("/meetings/<int:meeting_id>/minutes/revisions/<int:number>")
@requires(sees_drafts)
def revision(meeting_id: int, number: int):
    _, minutes = load_readable(meeting_id)
    by_number = {
        r.number: r
        for r in db.session.scalars(
            db.select(MinutesRevision).where(
                MinutesRevision.minutes_id == minutes.id,
                MinutesRevision.number.in_((number - 1, number)),
            )
        )
    }
    current = by_number.get(number) or abort(404)
    previous = by_number.get(number - 1)
    return render_template(
        "minutes/revision.html",
        minutes=minutes,
        revision=current,
        previous=previous,
        changes=changes_between(previous, current),
        language_of=language,
    )
