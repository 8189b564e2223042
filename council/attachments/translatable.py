"""An attachment's title and description can be translated like other texts
(council/translations_content/registry.py); the file itself stays in its language."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from council.attachments.models import DESCRIPTION_MAX, TITLE_MAX, Attachment
from council.attachments.owners import owner_object
from council.attachments.permissions import can_read_attachment
from council.extensions import db
from council.translations_content.registry import TextField, register_translatable

FIELDS = (
    TextField("title", _l("Title"), TITLE_MAX, multiline=False),
    TextField("description", _l("Description"), DESCRIPTION_MAX),
)


def recent(limit: int) -> list[Attachment]:
    query = select(Attachment).order_by(Attachment.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def _url_of(attachment: Attachment) -> str:
    owner, obj = owner_object(attachment)
    return owner.url_of(obj)


def register() -> None:
    register_translatable(
        "attachment",
        label=_l("Attached file"),
        loader=lambda attachment_id: db.session.get(Attachment, attachment_id),
        fields=FIELDS,
        can_read=can_read_attachment,
        language_of=lambda attachment, field: attachment.language,
        url_of=_url_of,
        title_of=lambda attachment: attachment.title,
        authors_of=lambda attachment: [attachment.uploaded_by_id],
        recent=recent,
    )
