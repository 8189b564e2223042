"""The buttons of a proposal page: each POSTs the state the person saw, calls one operation
and comes back to the page with a message (a stale or refused action changes nothing)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council.accounts.models import User
from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.permissions import is_member, require_object, requires
from council.proposals import operations, support
from council.proposals import permissions as can
from council.proposals.blueprint import bp
from council.proposals.choices import coauthor_candidates
from council.proposals.forms import ActionForm, CoauthorAnswerForm, CoauthorForm, WithdrawForm
from council.proposals.models import Proposal
from council.proposals.views import load_visible


def _act(proposal_id: int, allowed, operation, done: str):
    """A button of the proposal page: `operation(proposal, by, seen_state)`, the state the
    person saw on the page (a stale button changes nothing)."""
    proposal = load_visible(proposal_id)
    require_object(allowed(current_user, proposal))
    form = ActionForm()
    if form.validate_on_submit():
        with button_transaction(done):
            operation(proposal, current_user, seen_state=form.seen_state.data or None)
    return redirect(url_for(".show", proposal_id=proposal_id))


@bp.route("/<int:proposal_id>/open-for-support", methods=["POST"])
@requires(is_member)
def open_for_support(proposal_id: int):
    done = _("Members can now read your draft and co-sign it.")
    return _act(proposal_id, can.can_manage_proposal, operations.open_for_support, done)


@bp.route("/<int:proposal_id>/submit", methods=["POST"])
@requires(is_member)
def submit(proposal_id: int):
    done = _("Your proposal is submitted. Everyone can now read it.")
    return _act(proposal_id, can.can_submit_proposal, operations.submit_proposal, done)


@bp.route("/<int:proposal_id>/cosign", methods=["POST"])
@requires(is_member)
def cosign(proposal_id: int):
    def cosign_seen(proposal, by, *, seen_state):
        operations.check_seen(proposal, seen_state)
        support.cosign_proposal(proposal, by)

    done = _("Thank you: your co-signature is recorded.")
    return _act(proposal_id, can.can_cosign_proposal, cosign_seen, done)


@bp.route("/<int:proposal_id>/uncosign", methods=["POST"])
@requires(is_member)
def uncosign(proposal_id: int):
    def remove_seen(proposal, by, *, seen_state):
        operations.check_seen(proposal, seen_state)
        support.remove_cosignature(proposal, by)

    done = _("Your co-signature is removed.")
    return _act(proposal_id, lambda user, proposal: True, remove_seen, done)


@bp.route("/<int:proposal_id>/withdraw", methods=["GET", "POST"])
@requires(is_member)
def withdraw(proposal_id: int):
    proposal = load_visible(proposal_id)
    require_object(can.can_withdraw_proposal(current_user, proposal))
    form = WithdrawForm(seen_state=proposal.state.value)
    if form.validate_on_submit():
        with form_transaction(form, "reason") as done:
            operations.withdraw_proposal(
                proposal, current_user, reason=form.reason.data, seen_state=form.seen_state.data
            )
        if done:
            flash(_("The proposal is withdrawn."), "success")
            return redirect(url_for(".show", proposal_id=proposal_id))
        form.seen_state.data = db.session.get(Proposal, proposal_id).state.value
    return render_template("proposals/withdraw.html", form=form, proposal=proposal)


@bp.route("/<int:proposal_id>/coauthors", methods=["GET", "POST"])
@requires(is_member)
def coauthors(proposal_id: int):
    proposal = load_visible(proposal_id)
    require_object(can.can_manage_proposal(current_user, proposal))
    form = CoauthorForm()
    form.member_id.choices = coauthor_candidates(proposal)
    if form.validate_on_submit():
        person = db.session.get(User, form.member_id.data)
        with form_transaction(form, "member_id") as done:
            support.invite_coauthor(proposal, current_user, person=person)
        if done:
            flash(_("Invitation sent. It appears on the member's page."), "success")
            return redirect(url_for(".coauthors", proposal_id=proposal_id))
    return render_template("proposals/coauthors.html", form=form, proposal=proposal)


@bp.route("/<int:proposal_id>/coauthorship", methods=["POST"])
@requires(is_member)
def answer_coauthorship(proposal_id: int):
    proposal = load_visible(proposal_id)
    require_object(can.can_respond_to_coauthorship(current_user, proposal))
    form = CoauthorAnswerForm()
    if form.validate_on_submit():
        accept = form.answer.data == "accept"
        with button_transaction(_("You are now a co-author.") if accept else _("You declined.")):
            support.respond_to_coauthorship(proposal, current_user, accept=accept)
    else:
        flash(_("Choose an option from the list."), "error")
    return redirect(url_for(".show", proposal_id=proposal_id))
