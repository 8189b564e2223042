"""The one rule for which language a user-written text is shown in, on every page, in every
email and in the official records:

1. the reader's language, when a translation into it exists (reviewed or not, labelled);
2. else French, the council's working language: the text itself when written in French, or
   its French translation (labelled);
3. else the original.

Whenever what is shown is not in the page's language, the page says so ("Written in Arabic,
not yet translated into Dari"): `Passage.foreign`.

Official records (approved minutes, a recommendation transmitted to a service) keep the French
text they were made with: `freeze_french` writes it down ({"kind:id:field": FrozenText as a
dict}), and a record's frozen French wins over today's French translation or original, so that
a later edit changes neither approved minutes nor what a service received.

Pure of the request: `reading.passage` gives it the page's language, the reader and `?original=1`.
"""

from dataclasses import dataclass

from babel import Locale
from flask import url_for

from council.i18n import DEFAULT_LOCALE, Language, language, normalise
from council.roles import Role
from council.translations_content.models import ContentTranslation
from council.translations_content.permissions import can_translate
from council.translations_content.queries import is_stale, translations_of
from council.translations_content.registry import TranslatableKind, translatable_kind

FALLBACK = DEFAULT_LOCALE  # French: the language of the council's work and records


@dataclass(frozen=True)
class Version:
    """One version of a text that could be shown: the original or a translation."""

    text: str
    code: str
    translated: bool = False
    reviewed: bool = False
    by_official: bool = False
    stale: bool = False
    frozen: bool = False


@dataclass
class Passage:
    kind: str
    subject_id: int
    field: str
    text: str
    shown: Language  # the language of `text`
    original_language: Language
    reader: Language  # the page's language
    is_translation: bool
    reviewed: bool
    by_official: bool
    available: Version | None  # the translation a reader asking for the original chose not to see
    markdown: bool
    stale: bool
    may_help: bool
    anchor: str
    frozen: bool = False  # the French text kept by an official record

    @property
    def foreign(self) -> bool:
        """Shown in another language than the page's: the label says so."""
        return self.shown.code != self.reader.code

    @property
    def original_name(self) -> str:
        return language_name(self.original_language.code, self.reader.code)

    @property
    def reader_name(self) -> str:
        return language_name(self.reader.code, self.reader.code)

    @property
    def shown_name(self) -> str:
        return language_name(self.shown.code, self.reader.code)

    def translate_url(self) -> str:
        return url_for(
            "translations_content.translate",
            kind=self.kind,
            subject_id=self.subject_id,
            locale=self.reader.code,
        )


def language_name(code: str, in_locale: str) -> str:
    """The name of a language in the reader's language ("arabe", "Dari", "دری"…)."""
    reader, wanted = Locale.parse(in_locale), Locale.parse(code)
    return reader.languages.get(code) or wanted.get_display_name(reader) or code


def record_key(kind: str, subject_id: int, field: str) -> str:
    return f"{kind}:{subject_id}:{field}"


def _is_official_only(translator) -> bool:
    """Labelled "by a city official": an official who is not also a council member."""
    return bool(
        translator and translator.has_role(Role.OFFICIAL) and not translator.has_role(Role.MEMBER)
    )


def _from_row(row: ContentTranslation | None, original: str) -> Version | None:
    if row is None or not row.text.strip():
        return None
    return Version(
        text=row.text,
        code=row.locale,
        translated=True,
        reviewed=row.is_reviewed,
        by_official=_is_official_only(row.translator),
        stale=is_stale(row, original),
    )


def _from_record(frozen: dict | None) -> Version | None:
    if not frozen or not str(frozen.get("text", "")).strip():
        return None
    return Version(
        text=frozen["text"],
        code=FALLBACK,
        translated=bool(frozen.get("translated")),
        reviewed=bool(frozen.get("reviewed")),
        by_official=bool(frozen.get("by_official")),
        frozen=True,
    )


def original_code(spec: TranslatableKind, obj, field_name: str) -> str:
    return normalise(spec.language_of(obj, field_name)) or FALLBACK


def choose(spec, obj, field_name: str, reader: str, record: dict | None = None) -> Version:
    """The version the rule shows a reader of language `reader` (see the module's docstring).
    `record`: the frozen French texts of the official record the text is read in, if any."""
    field = spec.field(field_name)
    original = field.original(obj)
    source = original_code(spec, obj, field_name)
    rows = translations_of(spec.kind, obj.id) if obj.id is not None else {}
    records = record if record is not None else (spec.record_of(obj) if spec.record_of else None)
    for code in dict.fromkeys((reader, FALLBACK)):
        if code == FALLBACK and records:
            kept = _from_record(records.get(record_key(spec.kind, obj.id, field_name)))
            if kept is not None:
                return kept
        if code == source:
            break
        version = _from_row(rows.get((field_name, code)), original)
        if version is not None:
            return version
    return Version(text=original, code=source)


def build_passage(
    kind: str,
    obj,
    field_name: str,
    reader: str,
    *,
    original_asked: bool = False,
    record: dict | None = None,
    user=None,
) -> Passage:
    """The passage a page or an email shows; `original_asked` is the reader's `?original=1`."""
    spec = translatable_kind(kind)
    field = spec.field(field_name)
    original = field.original(obj)
    source = original_code(spec, obj, field_name)
    chosen = choose(spec, obj, field_name, reader, record)
    the_original = Version(text=original, code=source)
    shown = the_original if original_asked else chosen
    may_help = bool(
        reader != source
        and original.strip()
        and not (chosen.translated and chosen.code == reader)
        and user is not None
        and getattr(user, "is_authenticated", False)
        and can_translate(user, spec, obj)
    )
    return Passage(
        kind=kind,
        subject_id=obj.id,
        field=field_name,
        text=shown.text,
        shown=language(shown.code),
        original_language=language(source),
        reader=language(reader),
        is_translation=shown.translated,
        reviewed=shown.reviewed,
        by_official=shown.by_official,
        available=chosen if original_asked and chosen.translated else None,
        markdown=field.markdown,
        stale=shown.stale,
        may_help=may_help,
        anchor=f"{kind}-{obj.id}-{field_name}",
        frozen=shown.frozen,
    )


def freeze_french(entries) -> dict:
    """The French text of each (kind, obj, field) as it reads now, for an official record:
    {"kind:id:field": {"text", "translated", "reviewed", "by_official"}}. A text with no French
    version (neither written in French nor translated into it, or only by an outdated
    translation) is left out: the record then shows it by the rule, labelled."""
    kept = {}
    for kind, obj, field_name in entries:
        spec = translatable_kind(kind)
        if spec is None or obj is None:
            continue
        version = choose(spec, obj, field_name, FALLBACK, record={})
        if version.code != FALLBACK or version.stale or not version.text.strip():
            continue
        kept[record_key(kind, obj.id, field_name)] = {
            "text": version.text,
            "translated": version.translated,
            "reviewed": version.reviewed,
            "by_official": version.by_official,
        }
    return kept
