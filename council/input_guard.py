"""What no route may receive, refused before any view runs (a clear 400, never a 500).

- Numbers in addresses are database ids: `<int:…>` accepts 1 to 2³¹−1 only (PostgreSQL's
  `integer`; a larger number cannot name anything and made the database refuse the query),
  so anything else is a 404. `query_int` does the same for `?page=`, `?before=` and the like.
- NUL characters: PostgreSQL cannot store them and no person types one; a request carrying
  one in its address, its query or its form is refused.
- Files: only a field the view declares (`accepts_files`, see council/attachments/limits.py)
  may be sent as a file; a text field sent as a file upload is refused.

- Size: a body announced larger than MAX_CONTENT_LENGTH is answered 413 before the view runs
  (even one that never reads it); a body sent in chunks is counted as it is read. The routes
  that take files have their own, larger limit.
"""

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

from council.errors import BadInput

# Ids are 32-bit integers in PostgreSQL: a larger number cannot name anything.
MAX_ID = 2**31 - 1

NUMBER_OUT_OF_RANGE = _l("This address asks for a number that cannot exist. Check the link.")
NUL_CHARACTER = _l(
    # No character name ("NUL"): the reader cannot act on it, and it is English in every language.
    "What you sent contains an invisible character that is not allowed. Remove it and send again."
)
NOT_A_FILE_FIELD = _l("This form does not take files. Type the text in the form's fields.")


class DatabaseId(IntegerConverter):
    """`<int:…>` in the site's routes: a positive number within the database's range."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def query_int(name: str, default: int | None = None) -> int | None:
    """`?name=N` as a positive id-sized number. Missing, not a number or below 1: `default`
    (the first page, as before); beyond the database's range: a 400 that says so."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        return default
    if value > MAX_ID:
        raise BadInput(NUMBER_OUT_OF_RANGE, code="invalid_parameter")
    return value if value >= 1 else default


def _has_nul(fields) -> bool:
    """Whether a NUL is in a name or a value of these fields (every value of a repeated one)."""
    return any("\x00" in name or "\x00" in value for name, value in fields.items(multi=True))


def refuse_unusable_input() -> None:
    limit = request.max_content_length  # the site's, or the larger one of an upload route
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()  # announced too large: refused before a byte is read
    if "\x00" in request.path or _has_nul(request.args):
        raise BadInput(NUL_CHARACTER)
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    if request.mimetype == "multipart/form-data":
        view = current_app.view_functions.get(request.endpoint or "")
        allowed = getattr(view, "accepts_files", frozenset())
        if set(request.files) - allowed:
            raise BadInput(NOT_A_FILE_FIELD)
    form_body = request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded")
    if form_body and _has_nul(request.form):
        raise BadInput(NUL_CHARACTER)


def register_converters(app: Flask) -> None:
    """Before any blueprint is registered: rules pick their converters when added."""
    app.url_map.converters["int"] = DatabaseId


def init_app(app: Flask) -> None:
    app.before_request(refuse_unusable_input)
