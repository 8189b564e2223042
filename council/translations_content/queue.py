"""The "translation needed" queue: texts a member can read that lack a (current) translation
into a language they declared, grouped by language pair, most-read first."""

from dataclasses import dataclass, field

from council.i18n import LOCALE_CODES, normalise
from council.translations_content.operations import settings_of, translatable_fields
from council.translations_content.permissions import can_translate
from council.translations_content.queries import is_stale, read_counts, translations_of
from council.translations_content.registry import registered_kinds

RECENT_PER_KIND = 300  # a council writes a few hundred texts a year: enough to look at
PER_PAIR = 30


@dataclass
class Need:
    kind: str
    kind_label: object
    obj: object
    title: str
    url: str
    source: str
    target: str
    missing: int  # fields with no translation yet
    outdated: int  # fields whose translation may be outdated
    reads: int


@dataclass
class Pair:
    source: str
    target: str
    needs: list[Need] = field(default_factory=list)


def target_languages(user, fallback: str) -> tuple[list[str], bool]:
    """(languages, declared): what the member declared, or their own language meanwhile."""
    settings = settings_of(user)
    if settings and settings.languages:
        return settings.languages, True
    return [normalise(user.locale) or fallback], False


def _needs_of(spec, obj, target: str, reads: int) -> Need | None:
    fields = translatable_fields(spec, obj, target)
    if not fields:
        return None
    rows = translations_of(spec.kind, obj.id)
    missing = outdated = 0
    for text_field in fields:
        row = rows.get((text_field.name, target))
        if row is None:
            missing += 1
        elif is_stale(row, text_field.original(obj)):
            outdated += 1
    if not (missing or outdated):
        return None
    return Need(
        kind=spec.kind, kind_label=spec.label, obj=obj, title=spec.title_of(obj),
        url=spec.url_of(obj), source=spec.language_of(obj, fields[0].name), target=target,
        missing=missing, outdated=outdated, reads=reads,
    )  # fmt: skip


def translation_queue(user, targets: list[str]) -> list[Pair]:
    pairs: dict[tuple[str, str], Pair] = {}
    for spec in registered_kinds():
        objects = [obj for obj in spec.recent(RECENT_PER_KIND) if can_translate(user, spec, obj)]
        reads = read_counts(spec.kind, [obj.id for obj in objects])
        for obj in objects:
            for target in targets:
                need = _needs_of(spec, obj, target, reads.get(obj.id, 0))
                if need is not None:
                    key = (need.source, target)
                    pairs.setdefault(key, Pair(*key)).needs.append(need)
    order = {code: index for index, code in enumerate(LOCALE_CODES)}
    result = sorted(
        pairs.values(), key=lambda p: (order.get(p.target, 99), order.get(p.source, 99))
    )
    for pair in result:
        pair.needs.sort(key=lambda need: (-need.reads, need.kind, -need.obj.id))
        del pair.needs[PER_PAIR:]
    return result
