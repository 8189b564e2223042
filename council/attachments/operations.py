"""Adding and removing attachments. Like every operation: flush, never commit."""

import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from council.actors import actor_id
from council.attachments.content import RefusedFile, inspect_upload, setting
from council.attachments.images import redraw_image
from council.attachments.models import Attachment, OwnerKind
from council.attachments.names import clean_filename
from council.attachments.owners import OWNERS
from council.attachments.permissions import can_remove_attachment
from council.attachments.sizes import human_size
from council.attachments.storage import current_storage, pieces, split, storage_named
from council.errors import OperationError
from council.extensions import db
from council.locking import lock_row

CANNOT_ATTACH = _l("You cannot add files here.")
CANNOT_REMOVE = _l("You cannot remove this file.")
ALT_TEXT_NEEDED = _l(
    "Describe the picture for people who cannot see it (what it shows, in one sentence)."
)
OBJECT_FULL = _l(
    "The files here would take more than %(limit)s in all. Remove a file first, or send a "
    "smaller one."
)


def add_attachment(
    obj,
    kind: OwnerKind,
    by,
    *,
    stream,
    original_name: str | None,
    title: str,
    description: str = "",
    alt_text: str = "",
    language: str,
) -> Attachment:
    """Check the upload (its content, its size, the object's total), re-encode a picture and
    store the bytes. `stream` is the uploaded file (seekable); RefusedFile becomes an
    OperationError on the `file` field, so nothing is stored."""
    owner = OWNERS[kind]
    _lock_owner(owner.model, obj.id)  # two uploads at once cannot both pass the total
    if not owner.can_attach(by, obj):
        raise OperationError(CANNOT_ATTACH, "file")
    try:
        inspected = inspect_upload(stream, setting("ATTACHMENT_MAX_BYTES"))
        redrawn = redraw_image(stream, inspected.kind) if inspected.kind.is_image else None
    except RefusedFile as refused:
        raise OperationError(refused.message, "file") from refused
    if redrawn is not None and not alt_text.strip():
        raise OperationError(ALT_TEXT_NEEDED, "alt_text")
    size = len(redrawn.data) if redrawn else inspected.size
    _check_room(kind, obj.id, size)
    attachment = Attachment(
        token=secrets.token_urlsafe(32),
        title=title,
        description=description,
        alt_text=alt_text.strip() if redrawn else "",
        language=language,
        filename=clean_filename(original_name, inspected.kind),
        file_kind=inspected.kind,
        size=size,
        sha256=hashlib.sha256(redrawn.data).hexdigest() if redrawn else inspected.sha256,
        width=redrawn.width if redrawn else None,
        height=redrawn.height if redrawn else None,
        preview_size=len(redrawn.preview) if redrawn else None,
        storage=current_storage().name,
        uploaded_by_id=actor_id(by),
        **{kind.column: obj.id},
    )
    db.session.add(attachment)
    db.session.flush()
    storage = current_storage()
    storage.save(attachment, "file", split(redrawn.data) if redrawn else pieces(stream))
    if redrawn:
        storage.save(attachment, "preview", split(redrawn.preview))
    return attachment


def _lock_owner(model, owner_id: int) -> None:
    key = model.__mapper__.primary_key[0]
    if db.session.get_bind().dialect.name == "postgresql":
        # The key alone: the model's eager joins cannot be locked (nullable side of a join).
        db.session.execute(select(key).where(key == owner_id).with_for_update())
    else:
        lock_row(model, owner_id)


def _check_room(kind: OwnerKind, owner_id: int, size: int) -> None:
    column = getattr(Attachment, kind.column)
    used = db.session.scalar(
        select(func.coalesce(func.sum(Attachment.size), 0)).where(column == owner_id)
    )
    limit = setting("ATTACHMENTS_MAX_BYTES_PER_OBJECT")
    if used + size > limit:
        raise OperationError(OBJECT_FULL % {"limit": human_size(limit)}, "file")


def remove_attachment(attachment: Attachment, by) -> None:
    if not can_remove_attachment(by, attachment):
        raise OperationError(CANNOT_REMOVE)
    _delete(attachment)
    db.session.flush()


def erase_unpublished_attachments(user) -> int:
    """For "erase my account": the files the person attached to proposals that never became
    public. Nobody but their authors could ever open them (a photo of a street, a letter with
    an address), so they are personal data, not the council's record; files on anything that
    was published stay with it, like the proposal itself. Returns how many went."""
    owner = OWNERS[OwnerKind.PROPOSAL]
    query = select(Attachment).where(
        Attachment.uploaded_by_id == user.id, Attachment.proposal_id.is_not(None)
    )
    erased = 0
    for attachment in db.session.scalars(query).all():
        proposal = db.session.get(owner.model, attachment.proposal_id)
        if not owner.is_public(proposal):
            _delete(attachment)
            erased += 1
    db.session.flush()
    return erased


def _delete(attachment: Attachment) -> None:
    storage_named(attachment.storage).discard(attachment)
    db.session.delete(attachment)
