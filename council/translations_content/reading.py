"""What a reader sees: a text in their language when someone translated it, honestly labelled,
or the original with its language and direction. Also the easy-read preference.

Templates use `passage(kind, obj, field)` with the macros of
templates/translations_content/_passage.html."""

from dataclasses import dataclass

from babel import Locale
from flask import Flask, g, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from council.i18n import LANG_COOKIE_MAX_AGE, Language, language, normalise
from council.roles import Role
from council.translations_content.forms import ReaderSettingsForm
from council.translations_content.models import ContentTranslation
from council.translations_content.operations import current_reader, settings_of
from council.translations_content.permissions import can_translate
from council.translations_content.queries import available_languages, is_stale, translations_of
from council.translations_content.read_tally import init_app as init_read_tally
from council.translations_content.read_tally import tally_read
from council.translations_content.registry import translatable_kind

EASY_COOKIE = "easy_read"


def language_name(code: str, in_locale: str | None = None) -> str:
    """The name of a language in the reader's language ("arabe", "Dari", "دری"…)."""
    reader = Locale.parse(in_locale or str(get_locale()))
    wanted = Locale.parse(code)
    return reader.languages.get(code) or wanted.get_display_name(reader) or code


@dataclass
class Passage:
    kind: str
    subject_id: int
    field: str
    text: str
    shown: Language  # the language of `text`
    original_language: Language
    reader: Language
    translation: ContentTranslation | None  # the translation shown, if any
    available: ContentTranslation | None  # a translation the reader chose not to see
    markdown: bool
    stale: bool
    may_help: bool
    anchor: str

    @property
    def is_translation(self) -> bool:
        return self.translation is not None

    @property
    def reviewed(self) -> bool:
        return bool(self.translation and self.translation.is_reviewed)

    @property
    def by_official(self) -> bool:
        translator = self.translation.translator if self.translation else None
        return bool(
            translator
            and translator.has_role(Role.OFFICIAL)
            and not translator.has_role(Role.MEMBER)
        )

    @property
    def original_name(self) -> str:
        return language_name(self.original_language.code)

    @property
    def reader_name(self) -> str:
        return language_name(self.reader.code)

    def translate_url(self) -> str:
        return url_for(
            "translations_content.translate",
            kind=self.kind,
            subject_id=self.subject_id,
            locale=self.reader.code,
        )


def showing_originals() -> bool:
    return request.args.get("original") == "1"


def page_url(**changes) -> str:
    args = request.args.to_dict()
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def passage(kind: str, obj, field_name: str) -> Passage:
    spec = translatable_kind(kind)
    field = spec.field(field_name)
    original = field.original(obj)
    original_language = language(normalise(spec.language_of(obj, field_name)) or "fr")
    reader = language(str(get_locale()))
    row = None
    if reader.code != original_language.code:
        row = translations_of(kind, obj.id).get((field_name, reader.code))
    shown_row = None if showing_originals() else row
    may_help = bool(
        row is None
        and original.strip()
        and reader.code != original_language.code
        and current_user.is_authenticated
        and can_translate(current_user, spec, obj)
    )
    return Passage(
        kind=kind,
        subject_id=obj.id,
        field=field_name,
        text=shown_row.text if shown_row else original,
        shown=reader if shown_row else original_language,
        original_language=original_language,
        reader=reader,
        translation=shown_row,
        available=row if shown_row is None else None,
        markdown=field.markdown,
        stale=bool(row and is_stale(row, original)),
        may_help=may_help,
        anchor=f"{kind}-{obj.id}-{field_name}",
    )


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
