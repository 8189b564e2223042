"""A poll's page (result, voting forms) and the ballot itself."""

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council.accounts.models import User
from council.errors import button_transaction
from council.extensions import db
from council.meetings import labels
from council.meetings.permissions import sees_named_votes
from council.permissions import anyone, is_member, requires
from council.polls import queries
from council.polls.blueprint import bp
from council.polls.forms import BallotForm
from council.polls.models import Poll, PollState
from council.polls.operations import cast_ballot, voting_rights

RECEIPTS_KEY = "poll_receipts"  # kept in the voter's own (signed) cookie, never on the server


def _poll_url(poll_id: int) -> str:
    return url_for("polls.show", poll_id=poll_id)


def receipts_in_session() -> dict:
    return session.get(RECEIPTS_KEY, {})


@bp.route("/polls/<int:poll_id>")
@requires(anyone)
def show(poll_id: int):
    poll = db.get_or_404(Poll, poll_id)
    rights = voting_rights(poll, current_user)
    people = {
        u.id: u
        for u in db.session.scalars(
            db.select(User).where(User.id.in_([member_id for member_id, _ in rights]))
        )
    }
    return render_template(
        "polls/show.html",
        poll=poll,
        meeting=poll.meeting,
        labels=labels,
        queries=queries,
        rights=[(people[member_id], is_proxy) for member_id, is_proxy in rights],
        named_visible=sees_named_votes(current_user),
        form=BallotForm(),
        receipt=receipts_in_session().get(str(poll.id)),
    )


@bp.route("/polls/<int:poll_id>/vote", methods=["POST"])
@requires(is_member)
def vote(poll_id: int):
    poll = db.get_or_404(Poll, poll_id)
    form = BallotForm()
    if not form.validate_on_submit():
        flash(_("Choose for, against or abstain."), "error")
        return redirect(_poll_url(poll.id), 303)
    on_behalf_of = form.on_behalf_of.data
    if on_behalf_of and not on_behalf_of.isdigit():
        abort(400)
    with button_transaction() as done:
        cast = cast_ballot(
            poll,
            current_user,
            choice=form.choice.data,
            on_behalf_of_id=int(on_behalf_of) if on_behalf_of else None,
        )
    if not done:
        return redirect(_poll_url(poll.id), 303)
    if cast.receipt:
        receipts = {**receipts_in_session(), str(poll.id): cast.receipt}
        session[RECEIPTS_KEY] = receipts
        flash(
            _(
                "Your secret ballot is recorded. Your receipt: %(code)s — write it down to "
                "check your ballot after the poll closes.",
                code=cast.receipt,
            ),
            "success",
        )
    else:
        flash(
            _("Your vote is changed.") if cast.changed else _("Your vote is recorded."), "success"
        )
    return redirect(_poll_url(poll.id), 303)


@bp.route("/polls/<int:poll_id>/receipts")
@requires(anyone)
def receipts(poll_id: int):
    poll = db.get_or_404(Poll, poll_id)
    if not poll.is_secret or poll.state != PollState.CLOSED:
        abort(404)
    return render_template(
        "polls/receipts.html",
        poll=poll,
        labels=labels,
        ballots=queries.published_receipts(poll),
        mine=receipts_in_session().get(str(poll.id)),
    )
