"""Themes of proposals (housing, health…), managed by admins with a name per language."""

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from council.errors import OperationError
from council.extensions import db
from council.i18n import LOCALE_CODES
from council.proposals.models import Proposal, Theme, ThemeNameTranslation


def all_themes(locale: str) -> list[Theme]:
    themes = db.session.scalars(select(Theme)).all()
    return sorted(themes, key=lambda theme: theme.name_in(locale).casefold())


def _check_unique_name(name: str, theme: Theme | None = None) -> None:
    query = select(Theme.id).where(func.lower(Theme.name) == name.strip().lower())
    if theme is not None:
        query = query.where(Theme.id != theme.id)
    if db.session.scalar(query) is not None:
        raise OperationError(_("A theme with this name already exists."), "name")


def create_theme(name: str, translations: dict | None = None) -> Theme:
    _check_unique_name(name)
    theme = Theme(name=name.strip())
    db.session.add(theme)
    set_theme_translations(theme, translations or {})
    db.session.flush()
    return theme


def update_theme(theme: Theme, name: str, translations: dict) -> None:
    _check_unique_name(name, theme)
    theme.name = name.strip()
    set_theme_translations(theme, translations)
    db.session.flush()


def delete_theme(theme: Theme) -> None:
    used = db.session.scalar(
        select(func.count()).select_from(Proposal).where(Proposal.theme_id == theme.id)
    )
    if used:
        raise OperationError(
            ngettext(
                "This theme is used by %(num)d proposal: it cannot be deleted.",
                "This theme is used by %(num)d proposals: it cannot be deleted.",
                used,
            )
        )
    db.session.delete(theme)
    db.session.flush()


def set_theme_translations(theme: Theme, translations: dict[str, str]) -> None:
    """Replace the translated names; an empty value removes that language's name."""
    existing = {t.locale: t for t in theme.name_translations}
    for locale in LOCALE_CODES:
        name = (translations.get(locale) or "").strip()
        if name and locale in existing:
            existing[locale].name = name
        elif name:
            theme.name_translations.append(ThemeNameTranslation(locale=locale, name=name))
        elif locale in existing:
            theme.name_translations.remove(existing[locale])
