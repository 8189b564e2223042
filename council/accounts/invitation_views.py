from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from council.accounts import operations
from council.accounts.blueprint import invitations_bp as bp
from council.accounts.invitation_forms import InvitationForm
from council.accounts.models import Invitation
from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.permissions import can_invite, is_admin, requires
from council.roles import Role
from council.services.models import Service


def _visible_invitations():
    query = select(Invitation).order_by(Invitation.created_at.desc()).limit(200)
    if not is_admin(current_user):
        # Secretaries follow the invitations they sent themselves.
        query = query.where(Invitation.invited_by_id == current_user.id)
    return db.session.scalars(query).all()


def _invitation_form() -> InvitationForm:
    form = InvitationForm(locale=str(get_locale()))
    grantable = sorted(operations.grantable_roles(current_user))
    form.roles.choices = [(role.value, role.label) for role in grantable]
    services = db.session.scalars(select(Service).order_by(Service.name)).all()
    form.service_id.choices = [(0, _("No service"))] + [
        (service.id, service.name_in(str(get_locale()))) for service in services
    ]
    return form


@bp.route("/", methods=["GET", "POST"])
@requires(can_invite)
def index():
    form = _invitation_form()
    if form.validate_on_submit():
        service = db.session.get(Service, form.service_id.data) if form.service_id.data else None
        with form_transaction(form, "email") as done:
            operations.invite_user(
                form.email.data,
                {Role(value) for value in form.roles.data},
                form.locale.data,
                current_user,
                service,
            )
        if done:
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("invitations.index"))
    return render_template(
        "accounts/invitations.html",
        form=form,
        invitations=_visible_invitations(),
        revoke_form=FlaskForm(),
    )


@bp.route("/<int:invitation_id>/revoke", methods=["POST"])
@requires(can_invite)
def revoke(invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    if not (is_admin(current_user) or invitation.invited_by_id == current_user.id):
        abort(403)
    if FlaskForm().validate_on_submit():
        with button_transaction(_("Invitation withdrawn.")):
            operations.revoke_invitation(invitation)
    return redirect(url_for("invitations.index"))
