"""Attaching and removing files (the people who write the object)."""

from flask import abort, current_app, flash, redirect, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from council.attachments import operations
from council.attachments.blueprint import bp
from council.attachments.content import ACCEPT
from council.attachments.forms import AttachmentForm
from council.attachments.limits import accepts_uploads
from council.attachments.models import Attachment
from council.attachments.owners import load_owner, owner_object
from council.attachments.permissions import can_read_attachment, may_attach_somewhere
from council.attachments.queries import attachments_of
from council.attachments.sizes import human_size
from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.permissions import require_object, requires


@bp.route("/attachments/<kind>/<int:subject_id>/new", methods=["GET", "POST"])
@requires(may_attach_somewhere)
@accepts_uploads
def new(kind: str, subject_id: int):
    owner, obj = load_owner(kind, subject_id)
    if obj is None or not owner.can_read(current_user, obj):
        abort(404)
    require_object(owner.can_attach(current_user, obj))
    form = AttachmentForm(language=str(get_locale()))
    attached = attachments_of(owner.kind, obj.id)
    limit = human_size(current_app.config["ATTACHMENT_MAX_BYTES"])
    form.file.description = " ".join(
        (_("At most %(limit)s per file.", limit=limit), _room_left(attached))
    )
    if form.validate_on_submit():
        upload = form.file.data
        with form_transaction(form, "file") as done:
            operations.add_attachment(
                obj, owner.kind, current_user,
                stream=upload.stream, original_name=upload.filename,
                title=form.title.data, description=form.description.data,
                alt_text=form.alt_text.data, language=form.language.data,
            )  # fmt: skip
        if done:
            flash(_("The file is attached."), "success")
            return redirect(owner.url_of(obj), 303)
    return render_template(
        "attachments/new.html",
        form=form,
        back=owner.url_of(obj),
        attachments=attached,
        accept=ACCEPT,
        limit=limit,
    )


def _room_left(attached) -> str:
    """Said before sending: a file larger than this will be refused (OBJECT_FULL)."""
    total = current_app.config["ATTACHMENTS_MAX_BYTES_PER_OBJECT"]
    room = max(0, total - sum(attachment.size for attachment in attached))
    return _(
        "Room left for files here: %(room)s of %(total)s.",
        room=human_size(room),
        total=human_size(total),
    )


@bp.route("/files/<attachment_token>/remove", methods=["POST"])
@requires(may_attach_somewhere)
def remove(attachment_token: str):
    attachment = db.session.scalar(select(Attachment).where(Attachment.token == attachment_token))
    if attachment is None or not can_read_attachment(current_user, attachment):
        abort(404)
    owner, obj = owner_object(attachment)
    back = request.form.get("next") or owner.url_of(obj)
    if not back.startswith("/") or back.startswith("//"):
        back = owner.url_of(obj)
    with button_transaction(_("The file is removed.")):
        operations.remove_attachment(attachment, current_user)
    return redirect(back, 303)
