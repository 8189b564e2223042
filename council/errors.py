"""Domain errors, the two ways a view changes state, and the translated error pages.

- `form_transaction(form, field)`: a submitted form; on refusal the form is shown again with
  the reason next to its field.
- `button_transaction(done_message)`: a button (a POST with nothing to show again); the page
  it returns to says what happened, or why nothing did.

Both run the view's operations as one transaction: committed when they succeed, rolled back
whole when one refuses (OperationError). Nothing else in a view commits."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, flash, g
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest

from council.api.errors import error_response, is_api_request
from council.extensions import db
from council.outages import SERVER_ERROR, error_page
from council.outages import init_app as outages_init_app
from council.security_events.record import record_refusal


class OperationError(Exception):
    """A refused state change; `message` is translated and shown to the person as is."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field  # the form field the message belongs to, when there is one

    def attach_to(self, form, default_field: str) -> None:
        """Show the message next to the field it concerns (announced with the form's errors)."""
        getattr(form, self.field or default_field).errors.append(self.message)


class BadInput(BadRequest):
    """A request refused for what it contains, with a message for the person (on the 400 page,
    or as `{"error": {"code": code, "message": ...}}` under /api/)."""

    def __init__(self, message, code: str = "bad_request") -> None:
        super().__init__(description=str(message))
        self.message = message
        self.api_code = code


class Outcome:
    """What happened to a form's transaction: true when it was committed."""

    def __init__(self) -> None:
        self.error: OperationError | None = None
        self.committed = False

    def __bool__(self) -> bool:
        return self.committed


@contextmanager
def _transaction(on_refusal) -> Iterator[Outcome]:
    outcome = Outcome()
    try:
        yield outcome
    except OperationError as error:
        db.session.rollback()
        outcome.error = error
        on_refusal(error)
    else:
        db.session.commit()
        outcome.committed = True


@contextmanager
def form_transaction(form, default_field: str | None) -> Iterator[Outcome]:
    """Run the operations of one submitted form as one transaction.

    Committed when they succeed; when an operation refuses (OperationError), everything is
    rolled back and the reason is shown next to its field (`default_field` when the error names
    none; None leaves showing it to the caller, through `outcome.error`). Other exceptions pass
    through untouched, to the error page.
    """

    def show(error: OperationError) -> None:
        if default_field is not None:
            error.attach_to(form, default_field)

    with _transaction(show) as outcome:
        yield outcome


@contextmanager
def button_transaction(done_message: str | None = None) -> Iterator[Outcome]:
    """Run the operations of one button as one transaction: committed with `done_message`
    flashed (None: the view says it, or nothing needs saying), or rolled back with the refusal
    flashed. The view then redirects (303) to the page the button was on."""
    with _transaction(lambda error: flash(error.message, "error")) as outcome:
        yield outcome
    if outcome and done_message is not None:
        flash(done_message, "success")


ERROR_PAGES = {
    400: (_l("Bad request"), _l("The form could not be read. Please go back and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("This page does not exist or has been moved.")),
    405: (_l("Not allowed"), _l("This action cannot be done this way.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes before trying again.")),
    500: SERVER_ERROR,
}


def _handler(code: int):
    def handle(error):
        title, text = ERROR_PAGES[code]
        if request_ctx.url_adapter is None:
            # The Host header is not trusted (TRUSTED_HOSTS): no link can be built, so the
            # page with its menu cannot either. A plain answer, in the visitor's language.
            return f"{title}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
        page = error_page(code, title, text)
        headers = {}
        if code == 403:
            record_refusal()
        if code == 403 and g.get("denied_by_route") and current_app.testing:
            headers["X-Denied-By"] = "route"  # object-level refusals do not carry it
        return page, code, headers

    return handle


def _bad_input(error: BadInput):
    if is_api_request():
        return error_response(400, error.api_code, error.message)
    return error_page(400, ERROR_PAGES[400][0], error.message), 400


_bad_input.answers_api = True


def _expired_form(error):
    title = _l("The form has expired")
    text = _l("For your safety, forms expire. Go back, reload the page and send it again.")
    return error_page(400, title, text), 400


def init_app(app: Flask) -> None:
    for code in ERROR_PAGES:
        if code != 500:  # the 500 page must work without the database: council.outages
            app.register_error_handler(code, _handler(code))
    app.register_error_handler(CSRFError, _expired_form)
    app.register_error_handler(BadInput, _bad_input)
    outages_init_app(app)
