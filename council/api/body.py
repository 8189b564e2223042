"""Reading JSON request bodies: 415 when not JSON, 400 when malformed, 422 when invalid."""

import json
from collections.abc import Iterator
from contextlib import contextmanager

from flask import request
from flask_babel import gettext as _

from council.api.errors import ApiError
from council.errors import OperationError
from council.extensions import db
from council.plain_text import CONTROL_IN_TEXT, one_line_problem


def json_object(*, multiline: frozenset[str] | set[str] = frozenset()) -> dict:
    """The body as a dict whose every text is checked: one line, unless its key is one of
    `multiline` (which may hold line breaks and tabs, never other control characters)."""
    if not request.is_json:
        raise ApiError(415)
    try:
        data = json.loads(request.get_data(cache=True) or b"")
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(400, "malformed_json", _("The body is not valid JSON.")) from error
    except RecursionError as error:  # the parser's own limit, before MAX_DEPTH's
        raise _too_deep() from error
    if not isinstance(data, dict):
        raise ApiError(422, "validation_failed", _("The body must be a JSON object."))
    _check_texts(data, multiline, "")
    return data


# No body of this API nests deeper; a deeper one is refused before it is walked.
MAX_DEPTH = 16


def _too_deep() -> ApiError:
    return ApiError(400, "malformed_json", _("The body is nested too deeply."))


def _check_texts(value, multiline, path: str, key: str = "", depth: int = 0) -> None:
    """Refuse, naming the field (`commitments[0].text`), a text with forbidden characters."""
    if depth > MAX_DEPTH:
        raise _too_deep()
    if isinstance(value, dict):
        for name, item in value.items():
            where = f"{path}.{name}" if path else str(name)
            _check_texts(item, multiline, where, str(name), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_texts(item, multiline, f"{path}[{index}]", key, depth + 1)
    elif isinstance(value, str):
        if key in multiline:
            if CONTROL_IN_TEXT.search(value):
                raise invalid_field(
                    path, _("Remove the invisible control characters from this text.")
                )
        else:
            problem = one_line_problem(value)
            if problem:
                raise invalid_field(path, problem)


def text_field(data: dict, name: str, *, required: bool = True, max_length: int) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise invalid_field(name, _("This field is required and must be text."))
    if len(value) > max_length:
        raise invalid_field(name, _("Use at most %(max)d characters.", max=max_length))
    return value


def invalid_field(name: str, message) -> ApiError:
    return ApiError(422, "validation_failed", message, {name: [message]})


def refused(error: OperationError) -> ApiError:
    """An operation's refusal: about a field, the input is invalid (422); otherwise the
    object's state does not allow it (409)."""
    if error.field:
        return invalid_field(error.field, error.message)
    return ApiError(409, "conflict", error.message)


@contextmanager
def api_transaction() -> Iterator[None]:
    """The API's `form_transaction`: one write, one transaction. Committed when the operations
    succeed; when one refuses, rolled back and answered 409 or 422 (`refused`)."""
    try:
        yield
    except OperationError as error:
        db.session.rollback()
        raise refused(error) from error
    db.session.commit()
