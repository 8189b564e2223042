"""Locale selection and the table of shipped languages.

Order of choice: `?lang=` (then remembered in a cookie), the cookie, the account's preference,
the browser's Accept-Language, and finally French.
"""

from dataclasses import dataclass
from functools import lru_cache

from flask import Flask, g, request
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LANG_COOKIE = "lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    direction: str  # "ltr" | "rtl"

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for the `lang` attribute (fa_AF → fa-AF)."""
        return self.code.replace("_", "-")


LOCALES: tuple[Language, ...] = (
    Language("fr", "Français", "ltr"),
    Language("en", "English", "ltr"),
    Language("ar", "العربية", "rtl"),
    Language("fa_AF", "دری", "rtl"),
    Language("ps", "پښتو", "rtl"),
    Language("tr", "Türkçe", "ltr"),
    Language("uk", "Українська", "ltr"),
    Language("ru", "Русский", "ltr"),
)
LOCALE_CODES = tuple(language.code for language in LOCALES)
BY_CODE = {language.code: language for language in LOCALES}
DEFAULT_LOCALE = "fr"


def normalise(code: str | None) -> str | None:
    """Accept `fa-AF`, `fa_af`, `FA_AF`; return the shipped code or None."""
    if not code:
        return None
    wanted = code.strip().replace("-", "_").lower()
    for known in LOCALE_CODES:
        if known.lower() == wanted:
            return known
    return None


def language(code: str) -> Language:
    return BY_CODE.get(code, BY_CODE[DEFAULT_LOCALE])


ACCEPTED_TAGS = [code.replace("_", "-") for code in LOCALE_CODES] + ["fa"]


@lru_cache(maxsize=512)
def accept_language_choice(header: str | None) -> str | None:
    """Our locale for an Accept-Language header (a few distinct values: remembered)."""
    best = parse_accept_header(header, LanguageAccept).best_match(ACCEPTED_TAGS)
    # Browsers send fa-AF or plain fa for Dari speakers; both reach our fa_AF catalog.
    if best == "fa":
        return "fa_AF"
    return normalise(best)


def anonymous_locale(asked: str | None, cookie: str | None, accept: str | None) -> str:
    """The locale of a visitor without an account: `?lang=`, the cookie, Accept-Language."""
    return normalise(asked) or normalise(cookie) or accept_language_choice(accept) or DEFAULT_LOCALE


def select_locale() -> str:
    if not request:
        return DEFAULT_LOCALE
    chosen = normalise(request.args.get("lang"))
    if chosen:
        g.lang_to_remember = chosen
        return chosen
    chosen = normalise(request.cookies.get(LANG_COOKIE))
    if chosen:
        return chosen
    if current_user and current_user.is_authenticated and normalise(current_user.locale):
        return normalise(current_user.locale)
    return accept_language_choice(request.headers.get("Accept-Language")) or DEFAULT_LOCALE


def remember_language(response):
    chosen = g.pop("lang_to_remember", None)
    if chosen and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(
            LANG_COOKIE,
            chosen,
            max_age=LANG_COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=bool(request.environ.get("wsgi.url_scheme") == "https"),
        )
    return response


def init_app(app: Flask) -> None:
    app.after_request(remember_language)
