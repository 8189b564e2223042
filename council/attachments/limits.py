"""The request size of routes that take files: larger than the site's, and refused early.

The site's MAX_CONTENT_LENGTH (when set) keeps ordinary forms small. A view marked with
`@accepts_uploads` gets ATTACHMENT_MAX_BYTES plus room for its text fields instead, set before
anything reads the body (this hook runs first): a body announced larger (Content-Length) is
refused before a byte is read; a body sent in chunks without a length is counted while Werkzeug
reads it (it spools files to a temporary file, never to memory) and refused once past the
limit. Both answers say the limit in the visitor's language (413).
"""

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge

from council.attachments.sizes import human_size
from council.outages import error_page

FORM_ROOM = 256 * 1024  # the title, description and other fields sent with the file
UPLOAD_TOO_LARGE = _l(
    "The file you sent is too large. Each file may be at most %(limit)s: go back and choose a "
    "smaller file."
)


class UploadTooLarge(RequestEntityTooLarge):
    pass


def accepts_uploads(view):
    view.accepts_uploads = True
    view.accepts_files = frozenset({"file"})  # the input guard lets this field through
    return view


def upload_limit() -> int:
    return current_app.config["ATTACHMENT_MAX_BYTES"] + FORM_ROOM


def raise_limit_for_uploads() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, "accepts_uploads", False) or request.method != "POST":
        return
    request.max_content_length = upload_limit()
    if request.content_length is not None and request.content_length > upload_limit():
        raise UploadTooLarge()
    try:
        request.form  # noqa: B018 — read the body now, inside this limit, before CSRF does
    except RequestEntityTooLarge as error:
        raise UploadTooLarge() from error


def _too_large(error):
    limit = human_size(current_app.config["ATTACHMENT_MAX_BYTES"])
    return error_page(413, _l("Too large"), UPLOAD_TOO_LARGE % {"limit": limit}), 413


def init_app(app: Flask) -> None:
    # Right after the route's permission gate (a visitor who may not upload is not read) and
    # before anything that reads the form (CSRF, the input guards).
    hooks = app.before_request_funcs.setdefault(None, [])
    names = [hook.__name__ for hook in hooks]
    position = (
        names.index("enforce_route_permission") + 1 if "enforce_route_permission" in names else 0
    )
    hooks.insert(position, raise_limit_for_uploads)
    app.register_error_handler(UploadTooLarge, _too_large)
