"""When the database cannot answer: a 503 in the visitor's language that needs no database.

A page that fails because the database is down, locked or frozen must not need the database to
say so. The error page is therefore rendered as an anonymous visitor (loading the signed-in
person is a query), after the failed transaction is dropped, and falls back to a page made of
nothing but translated strings when even that cannot be rendered. The API answers JSON.
"""

from contextlib import suppress

from flask import Flask, current_app, g, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import exc as sa_exc

from council.api.errors import STANDARD, error_response, is_api_request
from council.extensions import db, login_manager
from council.i18n import language

RETRY_AFTER_SECONDS = 30

SERVER_ERROR = (
    _l("Something went wrong"),
    _l("An error occurred on our side. It has been recorded. Please try again later."),
)

TITLE = _l("Temporarily unavailable")
TEXT = _l(
    "The site cannot reach its database at the moment. Please try again in a few minutes. "
    "If you were sending a form, check afterwards whether it was saved."
)


def is_database_unavailable(error: BaseException) -> bool:
    """Errors that say the database cannot be reached or did not answer in time (as opposed
    to a query the database refused, which is a bug: a 500)."""
    if isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.TimeoutError):
        return True
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)


def forget_database_state() -> None:
    """Drop the failed transaction and never load the signed-in person again in this request:
    what is shown next must not need the database."""
    # A dead connection cannot even roll back; SQLAlchemy drops it from the pool anyway.
    with suppress(Exception):
        db.session.rollback()
    g._login_user = login_manager.anonymous_user()  # Flask-Login's per-request slot


def minimal_page(code: int, title, text) -> str:
    """An error page made of translated strings only (no template, no query)."""
    current = language(str(get_locale()))
    return (
        f'<!doctype html><html lang="{current.html_lang}" dir="{current.direction}"><head>'
        f'<meta charset="utf-8"><title>{escape(title)}</title>'
        f"</head><body><h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>"
    )


def error_page(code: int, title, text) -> str:
    """The site's error page; when rendering it needs a database that does not answer (the
    signed-in person's name, unread notifications), it is rendered again as for a visitor."""
    for _attempt in range(2):
        try:
            return render_template("errors/error.html", code=code, title=title, text=text)
        except Exception as error:
            if not is_database_unavailable(error):
                current_app.logger.exception("error page %s could not be rendered", code)
                break
            forget_database_state()
    return minimal_page(code, title, text)


def database_unavailable(error):
    current_app.logger.warning("database unavailable: %s", str(error).splitlines()[0])
    forget_database_state()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if is_api_request():
        return error_response(503, *STANDARD[503], headers=headers)
    return error_page(503, TITLE, TEXT), 503, headers


database_unavailable.answers_api = True  # council.api.errors leaves its JSON alone


def unexpected_error(error):
    """A 500 whose page cannot fail in turn: a failed transaction (PostgreSQL refuses every
    further statement until a rollback) or a database error must not stop it."""
    original = getattr(error, "original_exception", None) or error
    if is_database_unavailable(original):
        return database_unavailable(original)
    forget_database_state()
    if is_api_request():
        return error_response(500, *STANDARD[500])
    return error_page(500, *SERVER_ERROR), 500


unexpected_error.answers_api = True


def init_app(app: Flask) -> None:
    for error_class in (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError):
        app.register_error_handler(error_class, database_unavailable)
    app.register_error_handler(500, unexpected_error)
