"""The "translation needed" queue: texts a member can read that lack a (current) translation
into a language they declared, grouped by language pair, most-read first; and the translations
into those languages that wait for a second person to review them."""

from dataclasses import dataclass, field

from sqlalchemy import select

from council.extensions import db
from council.i18n import LOCALE_CODES, normalise
from council.translations_content.models import ContentTranslation
from council.translations_content.operations import settings_of, translatable_fields
from council.translations_content.permissions import can_review, can_translate
from council.translations_content.queries import (
    is_stale,
    prefetch_translations,
    read_counts,
    translations_of,
)
from council.translations_content.registry import registered_kinds, translatable_kind

# Ten per list: the page lists a pair per source language and target (up to 14 lists), and
# must stay light on a prepaid phone; translating one brings the next in.
REVIEWS_SHOWN = 10
REVIEW_ROWS_SCANNED = 1000
RECENT_PER_KIND = 300  # a council writes a few hundred texts a year: enough to look at
PER_PAIR = 10


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
        prefetch_translations(spec.kind, [obj.id for obj in objects])  # not one query per text
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


@dataclass
class Review:
    kind: str
    kind_label: object
    obj: object
    title: str
    source: str
    target: str


def waiting_for_review(user, targets: list[str]) -> list[Review]:
    """Unreviewed, current translations into `targets` that this person may review (not their
    own, not of their own text), the most recently translated first."""
    rows = db.session.scalars(
        select(ContentTranslation)
        .where(
            ContentTranslation.reviewed_at.is_(None),
            ContentTranslation.locale.in_(targets),
            ContentTranslation.translator_id != user.id,
        )
        .order_by(ContentTranslation.updated_at.desc(), ContentTranslation.id.desc())
        # Enough to fill the list even when many rows are someone's own or outdated; a council
        # reviews as it goes, so older unreviewed rows are few.
        .limit(REVIEW_ROWS_SCANNED)
    )
    grouped: dict[tuple[str, int, str], list[ContentTranslation]] = {}
    for row in rows:
        grouped.setdefault((row.subject_kind, row.subject_id, row.locale), []).append(row)
    reviews = []
    for (kind, subject_id, locale), some_rows in grouped.items():
        spec = translatable_kind(kind)
        obj = spec.loader(subject_id) if spec else None
        if obj is None:
            continue
        # The review covers every field of that language: all must be current and reviewable.
        rows_of_language = [
            row for (name, code), row in translations_of(kind, subject_id).items()
            if code == locale and spec.field(name) is not None
        ]  # fmt: skip
        if not can_review(user, spec, obj, rows_of_language) or any(
            is_stale(row, spec.field(row.field).original(obj)) for row in rows_of_language
        ):
            continue
        source = spec.language_of(obj, some_rows[0].field)
        reviews.append(Review(kind, spec.label, obj, spec.title_of(obj), source, locale))
        if len(reviews) == REVIEWS_SHOWN:
            break
    return reviews
