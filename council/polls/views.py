"""A poll's page (result, voting forms) and the ballot itself."""

from flask import abort, flash, make_response, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council.accounts.models import User
from council.errors import button_transaction
from council.extensions import db
from council.meetings import labels
from council.meetings.permissions import sees_named_votes
from council.navigation import safe_next
from council.permissions import anyone, is_member, requires
from council.polls import queries
from council.polls.blueprint import bp
from council.polls.forms import BallotForm
from council.polls.models import Poll, PollState
from council.polls.operations import cast_ballot
from council.polls.presentation import ballot_panel

# Receipts used to be kept in this session key: a signed cookie, readable by whoever holds the
# phone and kept after logout. Any left in a cookie are dropped on the next visit.
LEGACY_RECEIPTS_KEY = "poll_receipts"


@bp.before_app_request
def _drop_receipts_left_in_cookie() -> None:
    if LEGACY_RECEIPTS_KEY in session:
        session.pop(LEGACY_RECEIPTS_KEY)


def _poll_url(poll_id: int) -> str:
    return url_for("polls.show", poll_id=poll_id)


@bp.route("/polls/<int:poll_id>")
@requires(anyone)
def show(poll_id: int):
    poll = db.get_or_404(Poll, poll_id)
    return render_template(
        "polls/show.html",
        poll=poll,
        meeting=poll.meeting,
        labels=labels,
        form=BallotForm(),
        **_what_the_page_shows(poll),
    )


def _what_the_page_shows(poll: Poll) -> dict:
    """Everything the page lists, read here in a fixed number of queries (none per voter)."""
    named = sees_named_votes(current_user) and not (poll.is_secret or poll.is_paper)
    counting = poll.state == PollState.OPEN and not poll.is_paper
    return {
        "ballot": ballot_panel(poll, current_user),
        "named_visible": named,
        "named_ballots": queries.named_ballots(poll) if named and poll.result else [],
        "cast_count": queries.cast_count(poll) if counting else None,
    }


@bp.route("/polls/<int:poll_id>/vote", methods=["POST"])
@requires(is_member)
def vote(poll_id: int):
    poll = db.get_or_404(Poll, poll_id)
    form = BallotForm()
    if not form.validate_on_submit():
        flash(_("Choose for, against or abstain."), "error")
        return redirect(_back_to(form, poll.id), 303)
    on_behalf_of = form.on_behalf_of.data
    if on_behalf_of and not on_behalf_of.isdigit():
        abort(400)
    member_id = int(on_behalf_of) if on_behalf_of else current_user.id
    if poll.is_secret and form.confirmed.data != "yes":
        # A secret ballot cannot be changed: the person checks their choice before it counts.
        member = db.get_or_404(User, member_id)
        return render_template(
            "polls/confirm_secret.html",
            poll=poll,
            form=form,
            member=member,
            labels=labels,
            back=_back_to(form, poll.id),
        )
    with button_transaction() as done:
        cast = cast_ballot(poll, current_user, choice=form.choice.data, on_behalf_of_id=member_id)
        # Read before the commit: a view touches no expired state after it.
        question, member = poll.question, db.session.get(User, member_id).display_name
        is_proxy = member_id != current_user.id
    if not done:
        return redirect(_back_to(form, poll.id), 303)
    if cast.receipt:
        return _show_receipt_once(poll_id, question, cast.receipt, member, is_proxy)
    flash(_("Your vote is changed.") if cast.changed else _("Your vote is recorded."), "success")
    return redirect(_back_to(form, poll.id), 303)


def _back_to(form, poll_id: int) -> str:
    """Back to the page the ballot was cast from (the meeting's or the poll's)."""
    return safe_next(form.back.data) if form.back.data else _poll_url(poll_id)


def _show_receipt_once(poll_id: int, question: str, receipt: str, member: str, is_proxy: bool):
    """The receipt lives in this one answer: not in the session (a cookie that whoever holds the
    phone next can read), not in a flash message (stored in that cookie), not on the server. The
    page does not say the choice, so its size is the same whatever was chosen."""
    page = render_template(
        "polls/receipt.html",
        poll_id=poll_id,
        question=question,
        receipt=receipt,
        member=member,
        is_proxy=is_proxy,
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/polls/<int:poll_id>/receipts")
@requires(anyone)
def receipts(poll_id: int):
    """The receipts are published on the poll's verification page."""
    return redirect(url_for("polls.verify", poll_id=poll_id, _anchor="receipts"), 301)
