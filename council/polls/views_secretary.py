"""The secretary prepares, opens, closes and counts polls."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council import proceedings
from council.confirmations import close_poll_lines, confirm_page
from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.meetings import labels
from council.meetings.helpers import item_of
from council.meetings.models import Meeting
from council.permissions import is_secretary, requires
from council.polls import operations as polls
from council.polls.blueprint import bp
from council.polls.forms import CancelPollForm, PollForm, RuleForm, TallyForm
from council.polls.models import Poll


def _poll_url(poll_id: int) -> str:
    return url_for("polls.show", poll_id=poll_id)


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/poll", methods=["GET", "POST"])
@requires(is_secretary)
def prepare(meeting_id: int, item_id: int):
    item = item_of(db.get_or_404(Meeting, meeting_id), item_id)
    form = PollForm()
    if form.validate_on_submit():
        with form_transaction(form, "question") as done:
            poll = polls.prepare_poll(
                item,
                current_user,
                question=form.question.data,
                majority=form.majority.data,
                secrecy=form.secrecy.data,
                mode=form.mode.data,
                method=form.method.data,
                opens_at=form.opens_at.utc,
                closes_at=form.closes_at.utc,
            )
        if done:
            flash(_("Poll prepared. Check its rule: it cannot change once open."), "success")
            return redirect(_poll_url(poll.id))
    return render_template("polls/form.html", form=form, item=item, meeting=item.meeting)


@bp.route("/polls/<int:poll_id>/rule", methods=["POST"])
@requires(is_secretary)
def change_rule(poll_id: int):
    poll = db.get_or_404(Poll, poll_id)
    form = RuleForm()
    if not form.validate_on_submit():
        flash(_("Choose an option from the list."), "error")
        return redirect(_poll_url(poll.id), 303)
    with button_transaction(_("The rule is changed.")):
        polls.change_poll_rule(
            poll, current_user, majority=form.majority.data, secrecy=form.secrecy.data
        )
    return redirect(_poll_url(poll.id), 303)


@bp.route("/polls/<int:poll_id>/open", methods=["POST"])
@requires(is_secretary)
def open_(poll_id: int):
    poll = db.get_or_404(Poll, poll_id)
    with button_transaction(_("The poll is open.")):
        polls.open_poll(poll, current_user)
    return redirect(_poll_url(poll.id), 303)


@bp.route("/polls/<int:poll_id>/close", methods=["GET", "POST"])
@requires(is_secretary)
def close(poll_id: int):
    poll = db.get_or_404(Poll, poll_id)
    if request.method == "GET":
        consequences, warnings = close_poll_lines(poll)
        return confirm_page(
            title=_("Close the poll?"),
            subject=poll.question,
            back=_poll_url(poll.id),
            action=request.path,
            button=_("Close the poll and freeze the result"),
            consequences=consequences,
            warnings=warnings,
        )
    with button_transaction(_("The poll is closed and its result frozen.")):
        proceedings.close_poll(poll, current_user)
    return redirect(_poll_url(poll.id), 303)


@bp.route("/polls/<int:poll_id>/cancel", methods=["POST"])
@requires(is_secretary)
def cancel(poll_id: int):
    poll = db.get_or_404(Poll, poll_id)
    form = CancelPollForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for cancelling."), "error")
        return redirect(_poll_url(poll.id), 303)
    with button_transaction(_("The poll is cancelled.")):
        polls.cancel_poll(poll, current_user, reason=form.reason.data)
    return redirect(_poll_url(poll.id), 303)


@bp.route("/polls/<int:poll_id>/tally", methods=["GET", "POST"])
@requires(is_secretary)
def tally(poll_id: int):
    poll = db.get_or_404(Poll, poll_id)
    form = TallyForm()
    if form.validate_on_submit():
        with form_transaction(form, "votes_for") as done:
            polls.enter_paper_tally(
                poll,
                current_user,
                votes_for=form.votes_for.data,
                against=form.votes_against.data,
                abstain=form.votes_abstain.data,
                reason=form.reason.data,
            )
        if done:
            flash(_("Totals saved."), "success")
            return redirect(_poll_url(poll.id))
    return render_template(
        "polls/tally.html",
        form=form,
        poll=poll,
        labels=labels,
        capacity=polls.paper_capacity(poll) if poll.entitled_ids else 0,
    )
