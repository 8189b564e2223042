"""Members answer the invitation, give a proxy; the secretary records proxies given on paper."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from council.accounts.models import User
from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings import queries as meeting_queries
from council.meetings.blueprint import bp
from council.meetings.forms import ProxyForm, RsvpForm, SecretaryProxyForm
from council.meetings.models import Meeting, Proxy
from council.meetings.permissions import sees_named_votes
from council.permissions import is_member, is_secretary, require_object, requires


def _show_url(meeting_id: int) -> str:
    return url_for("meetings.show", meeting_id=meeting_id)


@bp.route("/meetings/<int:meeting_id>/rsvp", methods=["POST"])
@requires(is_member)
def rsvp(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = RsvpForm()
    if not form.validate_on_submit():
        flash(_("Choose whether you will attend."), "error")
        return redirect(_show_url(meeting.id), 303)
    with button_transaction(_("Your answer is saved.")):
        meetings.set_rsvp(meeting, current_user, answer=form.answer.data)
    return redirect(_show_url(meeting_id), 303)  # the id of the address: `meeting` is expired


def _member_choices(meeting, exclude_id=None):
    return [
        (m.id, m.display_name)
        for m in meeting_queries.entitled_members(meeting)
        if m.id != exclude_id
    ]


@bp.route("/meetings/<int:meeting_id>/proxy", methods=["GET", "POST"])
@requires(is_member)
def give_proxy(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    require_object(meeting_queries.is_entitled(meeting, current_user))
    form = ProxyForm()
    choices = _member_choices(meeting, exclude_id=current_user.id)
    form.holder_id.choices = [(None, _("Choose a member")), *choices]
    if form.validate_on_submit():
        holder = db.session.get(User, form.holder_id.data) if form.holder_id.data else None
        if holder is not None and form.confirmed.data != "yes":
            # Giving one's vote away is checked on a page of its own, naming who will vote.
            return render_template("meetings/proxy_confirm.html", meeting=meeting, holder=holder)
        with form_transaction(form, "holder_id") as done:
            meetings.give_proxy(meeting, current_user, giver=current_user, holder=holder)
        if done:
            flash(_("Your proxy is recorded."), "success")
            return redirect(_show_url(meeting_id))
    given = meeting_queries.proxy_given_by(meeting, current_user.id)
    return render_template("meetings/proxy.html", form=form, meeting=meeting, given=given)


@bp.route("/meetings/<int:meeting_id>/proxies", methods=["GET", "POST"])
@requires(is_secretary)
def proxies(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = SecretaryProxyForm()
    form.giver_id.choices = form.holder_id.choices = _member_choices(meeting)
    if form.validate_on_submit():
        with form_transaction(form, "holder_id") as done:
            giver = db.session.get(User, form.giver_id.data)
            holder = db.session.get(User, form.holder_id.data)
            meetings.give_proxy(meeting, current_user, giver=giver, holder=holder)
        if done:
            flash(_("Proxy recorded."), "success")
            return redirect(url_for("meetings.proxies", meeting_id=meeting.id))
    rows = db.session.scalars(select(Proxy).where(Proxy.meeting_id == meeting.id)).all()
    return render_template("meetings/proxies.html", form=form, meeting=meeting, proxies=rows)


@bp.route("/meetings/<int:meeting_id>/proxies/<int:proxy_id>/revoke", methods=["POST"])
@requires(sees_named_votes)
def revoke_proxy(meeting_id: int, proxy_id: int):
    proxy = db.get_or_404(Proxy, proxy_id)
    if proxy.meeting_id != meeting_id:
        abort(404)
    # The giver withdraws their own proxy; the secretary may withdraw any.
    require_object(is_secretary(current_user) or proxy.giver_id == current_user.id)
    with button_transaction(_("The proxy is withdrawn.")):
        meetings.revoke_proxy(proxy, current_user)
    return redirect(_show_url(meeting_id), 303)
