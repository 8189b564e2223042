"""The secretary runs a meeting from the browser, without JavaScript."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council import proceedings
from council.confirmations import (
    close_meeting_warnings,
    confirm_page,
    open_polls_of,
    start_warnings,
)
from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.meetings import labels, proposal_bridge
from council.meetings import operations as meetings
from council.meetings import queries as meeting_queries
from council.meetings.attendance_sheet import (
    beforehand,
    holder_names,
    save_sheet,
    sheet_data,
    stamp_pressed,
)
from council.meetings.blueprint import bp
from council.meetings.changes import agenda_to_publish, change_meeting, publish_agenda
from council.meetings.fields import utc_to_paris
from council.meetings.forms import (
    AgendaItemForm,
    CancelForm,
    MeetingChangeForm,
    MeetingForm,
    attendance_form,
)
from council.meetings.helpers import item_of
from council.meetings.models import Meeting
from council.meetings.views_public import meeting_context, meeting_with_agenda
from council.permissions import is_secretary, requires
from council.plain_text import isolate


def _manage_url(meeting_id: int) -> str:
    return url_for("meetings.manage", meeting_id=meeting_id)


def _item_form() -> AgendaItemForm:
    form = AgendaItemForm()
    form.kind.choices = [
        (k.value, labels.ITEM_KINDS[k]) for k in proposal_bridge.available_item_kinds()
    ]
    form.proposal_id.choices = [("", _("No proposal"))] + proposal_bridge.proposal_choices()
    form.referral_id.choices = [("", _("No question"))] + proposal_bridge.referral_choices()
    return form


@bp.route("/meetings/new", methods=["GET", "POST"])
@requires(is_secretary)
def schedule():
    form = MeetingForm()
    form.participant_ids.choices = [
        (m.id, m.display_name) for m in meeting_queries.members_in_office()
    ]
    if form.validate_on_submit():
        chosen = [
            m for m in meeting_queries.members_in_office() if m.id in form.participant_ids.data
        ]
        with form_transaction(form, "title") as done:
            meeting = meetings.schedule_meeting(
                current_user,
                kind=form.kind.data,
                title=form.title.data,
                starts_at=form.starts_at.utc,
                ends_at=form.ends_at.utc,
                place=form.place.data,
                online_url=form.online_url.data,
                interpretation=form.interpretation.data,
                step_free=form.step_free.data,
                accessibility_notes=form.accessibility_notes.data,
                participants=chosen,
            )
        if done:
            flash(_("Meeting scheduled."), "success")
            return redirect(_manage_url(meeting.id))
    return render_template("meetings/form.html", form=form)


def _change_form(meeting: Meeting) -> MeetingChangeForm:
    form = MeetingChangeForm(obj=meeting)
    if not form.is_submitted():  # shown in Paris time, as typed when scheduling
        form.starts_at.data = utc_to_paris(meeting.starts_at).replace(tzinfo=None)
        form.ends_at.data = utc_to_paris(meeting.ends_at).replace(tzinfo=None)
    return form


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires(is_secretary)
def edit(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = _change_form(meeting)
    if form.validate_on_submit():
        with form_transaction(form, "title") as done:
            changes = change_meeting(
                meeting,
                current_user,
                title=form.title.data,
                starts_at=form.starts_at.utc,
                ends_at=form.ends_at.utc,
                place=form.place.data,
                online_url=form.online_url.data,
                interpretation=form.interpretation.data,
                step_free=form.step_free.data,
                accessibility_notes=form.accessibility_notes.data,
            )
        if done:
            flash(_("Changes saved.") if changes else _("Nothing was changed."), "success")
            return redirect(_manage_url(meeting_id))
    return render_template("meetings/edit.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/agenda/publish", methods=["POST"])
@requires(is_secretary)
def publish(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    with button_transaction(_("The agenda is published: the members are told.")):
        publish_agenda(meeting, current_user)
    return redirect(_manage_url(meeting_id), 303)


@bp.route("/meetings/<int:meeting_id>/manage")
@requires(is_secretary)
def manage(meeting_id: int):
    meeting = meeting_with_agenda(meeting_id)
    return render_template(
        "meetings/manage.html",
        item_form=_item_form(),
        agenda_to_publish=agenda_to_publish(meeting),
        **meeting_context(meeting),
    )


@bp.route("/meetings/<int:meeting_id>/agenda", methods=["POST"])
@requires(is_secretary)
def add_item(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = _item_form()
    if form.validate_on_submit():
        with form_transaction(form, "title") as done:
            meetings.add_agenda_item(
                meeting,
                current_user,
                kind=form.kind.data,
                title=form.title.data,
                description=form.description.data,
                proposal_id=form.proposal_id.data,
                referral_id=form.referral_id.data,
            )
        if done:
            flash(_("Item added to the agenda."), "success")
            return redirect(_manage_url(meeting.id))
    return render_template(
        "meetings/manage.html",
        item_form=form,
        agenda_to_publish=agenda_to_publish(meeting),
        **meeting_context(meeting),
    )


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/move", methods=["POST"])
@requires(is_secretary)
def move_item(meeting_id: int, item_id: int):
    item = item_of(db.get_or_404(Meeting, meeting_id), item_id)
    direction = request.form.get("direction", "")
    with button_transaction(_("Agenda reordered.")):
        meetings.move_agenda_item(item, current_user, direction=direction)
    return redirect(_manage_url(meeting_id), 303)


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/remove", methods=["GET", "POST"])
@requires(is_secretary)
def remove_item(meeting_id: int, item_id: int):
    item = item_of(db.get_or_404(Meeting, meeting_id), item_id)
    if request.method == "GET":
        consequences = [_("“%(title)s” is taken off the agenda.", title=isolate(item.title))]
        if proposal_bridge.still_waiting_on(item) is not None:
            consequences.append(
                _("Its proposal goes back to the submitted proposals, for another agenda.")
            )
        return confirm_page(
            title=_("Remove this item from the agenda?"),
            subject=item.meeting.title,
            back=_manage_url(meeting_id),
            action=request.path,
            button=_("Remove from the agenda"),
            consequences=consequences,
        )
    with button_transaction(_("Item removed from the agenda.")):
        meetings.remove_agenda_item(item, current_user)
    return redirect(_manage_url(meeting_id), 303)


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/show", methods=["POST"])
@requires(is_secretary)
def show_item(meeting_id: int, item_id: int):
    item = item_of(db.get_or_404(Meeting, meeting_id), item_id)
    with button_transaction(_("The room’s screen shows this item.")):
        meetings.show_agenda_item(item, current_user)
    return redirect(_manage_url(meeting_id) + f"#item-{item_id}", 303)


@bp.route("/meetings/<int:meeting_id>/start", methods=["GET", "POST"])
@requires(is_secretary)
def start(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    if request.method == "GET":
        return confirm_page(
            title=_("Start the session?"),
            subject=meeting.title,
            back=_manage_url(meeting_id),
            action=request.path,
            button=_("Start the session"),
            consequences=[_("Attendance can then be recorded and polls opened.")],
            warnings=start_warnings(meeting),
        )
    with button_transaction(_("The session has started.")):
        meetings.start_session(meeting, current_user)
    return redirect(_manage_url(meeting_id), 303)


@bp.route("/meetings/<int:meeting_id>/close", methods=["GET", "POST"])
@requires(is_secretary)
def close(meeting_id: int):
    meeting = meeting_with_agenda(meeting_id)
    if request.method == "GET":
        still_open = open_polls_of(meeting)
        return confirm_page(
            title=_("End the meeting?"),
            subject=meeting.title,
            back=_manage_url(meeting_id),
            action=request.path,
            button=_("Close the meeting"),
            consequences=[
                _("Polls prepared but not held are cancelled."),
                _("Proposals not decided go back to the submitted proposals."),
                _("A draft of the minutes is made from the record."),
                _("This cannot be undone."),
            ],
            warnings=close_meeting_warnings(meeting),
            blocked=[
                (poll.question, url_for("polls.show", poll_id=poll.id)) for poll in still_open
            ],
        )
    with button_transaction(_("The meeting is closed.")):
        proceedings.close_meeting(meeting, current_user)
    return redirect(_manage_url(meeting_id), 303)


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@requires(is_secretary)
def cancel(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = CancelForm()
    if form.validate_on_submit():
        with form_transaction(form, "reason") as done:
            proceedings.cancel_meeting(meeting, current_user, reason=form.reason.data)
        if done:
            flash(_("The meeting is cancelled."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/cancel.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@requires(is_secretary)
def attendance(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    members = meeting_queries.entitled_members(meeting)
    said = beforehand(meeting, members)
    form = attendance_form(members, sheet_data(meeting, members, said))
    problem = None
    if form.validate_on_submit():
        with form_transaction(form, None) as done:  # the sheet shows its one problem on top
            save_sheet(meeting, members, form, current_user)
            stamp_pressed(meeting, members, current_user)
        if done:
            flash(_("Attendance saved."), "success")
            return redirect(url_for("meetings.attendance", meeting_id=meeting.id))
        problem = done.error.message
    return render_template(
        "meetings/attendance.html",
        form=form,
        members=members,
        meeting=meeting,
        problem=problem,
        said=said,
        holders=holder_names(said),
        labels=labels,
        quorum=meeting_queries.live_quorum(meeting),
    )
