"""What a reader sees: a user-written text chosen by the one rule of choice.py (the reader's
language, else French, else the original), honestly labelled. Also the easy-read preference.

Templates use `passage(kind, obj, field)` with the macros of
templates/translations_content/_passage.html."""

from flask import Flask, g, has_request_context, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from council.i18n import LANG_COOKIE_MAX_AGE
from council.translations_content.choice import Passage, build_passage
from council.translations_content.choice import language_name as choice_language_name
from council.translations_content.forms import ReaderSettingsForm
from council.translations_content.operations import current_reader, settings_of
from council.translations_content.queries import available_languages
from council.translations_content.read_tally import init_app as init_read_tally
from council.translations_content.read_tally import tally_read

EASY_COOKIE = "easy_read"


def language_name(code: str, in_locale: str | None = None) -> str:
    """The name of a language in the reader's language ("arabe", "Dari", "دری"…)."""
    return choice_language_name(code, in_locale or str(get_locale()))


def showing_originals() -> bool:
    """The reader asked for the originals (`?original=1`) on the page they read; never for
    what a form sends (an email to a service rendered while a form posts to such an URL)."""
    return request.method == "GET" and request.args.get("original") == "1"


def page_url(**changes) -> str:
    args = request.args.to_dict()
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def passage(kind: str, obj, field_name: str, record: dict | None = None) -> Passage:
    """A user-written text as this page shows it, by the one rule of choice.py (the reader's
    language, else French, else the original). `record`: the French texts an official record
    froze, when the text is read inside one (approved minutes)."""
    return build_passage(
        kind,
        obj,
        field_name,
        str(get_locale()),
        original_asked=has_request_context() and showing_originals(),
        record=record,
        user=current_user if has_request_context() else None,
    )


def isolated(shown: Passage) -> Markup:
    """A title inside a sentence of the page (“The proposal «…» is adopted”): in its
    language and direction, isolated so that it does not reorder the sentence around it."""
    return Markup('<bdi lang="{}" dir="{}">{}</bdi>').format(
        shown.shown.html_lang, shown.shown.direction, shown.text
    )


def in_sentence(translated: str, **values) -> Markup:
    """A translated sentence holding Markup values (`isolated` titles): `translated` is
    `_("… %(title)s …")` called without values, so that the sentence is escaped and the values
    kept as they are (gettext with values would return a plain string)."""
    return Markup.escape(translated) % values


def counted_read(kind: str, subject_id: int, page: str) -> str:
    """Count one read of a text's rendered page (written in batches: read_tally.py)."""
    tally_read(kind, subject_id, current_reader())
    g.page_cache_read = (kind, subject_id)  # a cached copy of this page counts its reads too
    return page


def wants_easy_read() -> bool:
    """`?easy=1|0` (remembered in a cookie), else the cookie, else the account's setting."""
    asked = request.args.get("easy")
    if asked in {"0", "1"}:
        g.easy_to_remember = asked
        return asked == "1"
    if request.cookies.get(EASY_COOKIE) in {"0", "1"}:
        return request.cookies[EASY_COOKIE] == "1"
    settings = settings_of(current_user)
    return bool(settings and settings.easy_read)


def remember_easy_read(response):
    asked = g.pop("easy_to_remember", None)
    if asked is not None and request.cookies.get(EASY_COOKIE) != asked:
        response.set_cookie(
            EASY_COOKIE, asked, max_age=LANG_COOKIE_MAX_AGE, samesite="Lax", httponly=True,
            secure=request.environ.get("wsgi.url_scheme") == "https",
        )  # fmt: skip
    return response


def init_app(app: Flask) -> None:
    app.add_template_global(passage)
    app.add_template_global(passage, "content_passage")  # where a template has its own `passage`
    app.add_template_global(wants_easy_read)
    app.add_template_global(page_url, "content_page_url")
    app.add_template_global(showing_originals)
    app.add_template_global(available_languages)
    app.add_template_filter(language_name)
    app.after_request(remember_easy_read)
    init_read_tally(app)


def reader_settings_form() -> ReaderSettingsForm:
    """The reading and translating settings, filled in, for the page footer's form."""
    settings = settings_of(current_user)
    return ReaderSettingsForm(
        formdata=None,
        translate_into=settings.languages if settings else [],
        easy_read=settings.easy_read if settings else False,
    )
