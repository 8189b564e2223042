"""Serving a file: only to those who may read its object, never as the sender uploaded it.

The URL holds a random token (never a name or a sequential id) and the route checks the same
predicate as the object's own page: a missing token and a refused reader get the same 404.
Headers: the type found in the content, `nosniff`, a CSP that sandboxes the file
(`sandbox; default-src 'none'`: a browser opening it runs nothing and loads nothing), the name
in `Content-Disposition` (RFC 6266, with `filename*` per RFC 5987 for non-ASCII names), inline
for pictures and a download for documents (a PDF viewer refuses to run in a sandbox), and
`no-referrer` so the token does not leak to another site. A file of an object that is not
public is `private, no-store`; a public one may be kept but is checked again each time
(`no-cache` with an ETag). The body is a generator (read piece by piece from storage): the page
cache never stores streamed answers, so no file, public or not, enters it.
"""

import unicodedata
from urllib.parse import quote

from flask import Response, abort, current_app, request
from flask_login import current_user
from sqlalchemy import select

from council.attachments.blueprint import bp
from council.attachments.content import CONTENT_TYPES
from council.attachments.models import Attachment
from council.attachments.permissions import can_read_attachment, is_public_attachment
from council.attachments.storage import MissingFile, storage_named
from council.extensions import db
from council.permissions import anyone, requires

SANDBOX = "sandbox; default-src 'none'"


@bp.route("/files/<attachment_token>")
@requires(anyone)
def download(attachment_token: str):
    return _serve(attachment_token, "file")


@bp.route("/files/<attachment_token>/preview")
@requires(anyone)
def preview(attachment_token: str):
    return _serve(attachment_token, "preview")


def _serve(token: str, part: str):
    attachment = db.session.scalar(select(Attachment).where(Attachment.token == token))
    if attachment is None or not can_read_attachment(current_user, attachment):
        abort(404)
    if part == "preview" and not attachment.has_preview:
        abort(404)
    public = is_public_attachment(attachment)
    etag = f"{attachment.sha256[:32]}-{part}"
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": SANDBOX,
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache" if public else "private, no-store",
        "Content-Disposition": content_disposition(
            attachment.filename, inline=attachment.file_kind.is_image
        ),
    }
    if not public:
        headers["X-Robots-Tag"] = "noindex"
    if public and request.if_none_match.contains(etag):
        return Response(status=304, headers={**headers, "ETag": f'"{etag}"'})
    storage = storage_named(attachment.storage)
    size = attachment.size if part == "file" else attachment.preview_size
    try:
        body = storage.read(attachment, part)  # a generator that needs no request context
    except MissingFile:
        current_app.logger.error("attachment %s: its bytes are missing", attachment.id)
        abort(404)
    response = Response(body, content_type=CONTENT_TYPES[attachment.file_kind], headers=headers)
    response.content_length = size
    response.set_etag(etag)
    return response


def content_disposition(filename: str, *, inline: bool) -> str:
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = "".join(c for c in ascii_name if c.isprintable() and c not in '"\\;') or "file"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
