"""Where a text stands in each shipped language (the overview page of its translations)."""

from dataclasses import dataclass

from council.i18n import LOCALES, Language
from council.translations_content.operations import translatable_fields
from council.translations_content.queries import is_stale, translations_of


@dataclass
class LanguageStatus:
    language: Language
    state: str  # original | missing | partial | translated | reviewed | outdated
    translatable: bool
    done: int
    total: int


def language_statuses(spec, obj) -> list[LanguageStatus]:
    rows = translations_of(spec.kind, obj.id)
    result = []
    for language in LOCALES:
        fields = translatable_fields(spec, obj, language.code)
        found = [rows[(f.name, language.code)] for f in fields if (f.name, language.code) in rows]
        if not fields:
            state = "original"
        elif not found:
            state = "missing"
        elif any(is_stale(row, spec.field(row.field).original(obj)) for row in found):
            state = "outdated"
        elif len(found) < len(fields):
            state = "partial"
        elif all(row.is_reviewed for row in found):
            state = "reviewed"
        else:
            state = "translated"
        result.append(LanguageStatus(language, state, bool(fields), len(found), len(fields)))
    return result
