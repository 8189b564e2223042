"""Attached files in the API: metadata and download links, only of objects the public may read
(the API answers everyone alike). The bytes themselves stay behind /files/<token>, which checks
the object's permission again on each download."""

from council.attachments.content import CONTENT_TYPES
from council.attachments.models import OwnerKind
from council.attachments.owners import OWNERS
from council.attachments.presentation import attachments_for
from council.links import absolute_url_for


def attachments(kind: OwnerKind, obj) -> list[dict]:
    if not OWNERS[kind].is_public(obj):
        return []
    return [attachment(row) for row in attachments_for(kind, obj)]


def attachment(row) -> dict:
    preview = (
        absolute_url_for("attachments.preview", attachment_token=row.token)
        if row.has_preview
        else None
    )
    return {
        "title": row.title,
        "description": row.description,
        "alt_text": row.alt_text or None,
        "language": row.language,
        "file_kind": row.file_kind.value,
        "content_type": CONTENT_TYPES[row.file_kind].split(";")[0],
        "filename": row.filename,
        "size": row.size,
        "width": row.width,
        "height": row.height,
        "sha256": row.sha256,
        "created_at": row.created_at.isoformat(),
        "links": {
            "download": absolute_url_for("attachments.download", attachment_token=row.token),
            "preview": preview,
        },
    }
