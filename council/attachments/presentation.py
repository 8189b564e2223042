"""What pages need to show attachments: `attachments_for(kind, obj)` and `can_attach_to(...)`,
template globals used by `attachments/_list.html`."""

from flask import g
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from council.attachments.blueprint import bp
from council.attachments.content import CONTENT_TYPES
from council.attachments.models import FileKind, OwnerKind
from council.attachments.owners import OWNERS
from council.attachments.queries import attachments_by_owner
from council.attachments.sizes import human_size
from council.i18n import language
from council.translations_content.queries import prefetch_translations

KIND_LABELS = {
    FileKind.PDF: _l("PDF document"),
    FileKind.ODT: _l("Text document (ODT)"),
    FileKind.DOCX: _l("Text document (Word)"),
    FileKind.ODS: _l("Spreadsheet (ODS)"),
    FileKind.XLSX: _l("Spreadsheet (Excel)"),
    FileKind.PNG: _l("Picture (PNG)"),
    FileKind.JPEG: _l("Picture (JPEG)"),
    FileKind.WEBP: _l("Picture (WebP)"),
    FileKind.TEXT: _l("Plain text"),
}


@bp.app_template_global()
def attachments_for(kind: str, obj) -> list:
    """The files of one object; the first call for an agenda item reads those of every item
    of its meeting at once (a page lists them all)."""
    kind = OwnerKind(kind)
    cache = g.setdefault("attachments_by_owner", {})
    if (kind, obj.id) not in cache:
        ids = _listed_together(kind, obj)
        found = attachments_by_owner(kind, ids)
        cache.update({(kind, owner_id): found.get(owner_id, []) for owner_id in ids})
        read = [attachment.id for files in found.values() for attachment in files]
        if read:
            prefetch_translations("attachment", read)
    return cache[(kind, obj.id)]


def _listed_together(kind: OwnerKind, obj) -> list[int]:
    """The objects of this kind the same page shows (already loaded by it)."""
    if kind == OwnerKind.AGENDA_ITEM:
        return [item.id for item in obj.meeting.items]
    if kind == OwnerKind.RESPONSE:
        return [response.id for response in obj.recommendation.responses]
    if kind == OwnerKind.FOLLOW_UP:
        responses = obj.commitment.response.recommendation.responses
        return [
            follow_up.id
            for response in responses
            for commitment in response.commitments
            for follow_up in commitment.follow_ups
        ]
    return [obj.id]


@bp.app_template_global()
def can_attach_to(kind: str, obj) -> bool:
    return bool(
        current_user.is_authenticated and OWNERS[OwnerKind(kind)].can_attach(current_user, obj)
    )


@bp.app_template_filter()
def file_size(size: int) -> str:
    return human_size(size)


@bp.app_template_filter()
def file_kind_mime(kind: FileKind) -> str:
    return CONTENT_TYPES[kind].split(";")[0]


@bp.app_template_filter()
def file_kind_label(kind: FileKind) -> str:
    return str(KIND_LABELS[kind])


@bp.app_template_global()
def file_language(code: str):
    return language(code)
