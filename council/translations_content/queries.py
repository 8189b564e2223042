"""Reading translations: per text (cached for the request), for search, and for the API."""

import hashlib

from flask import g, has_request_context
from sqlalchemy import select

from council.extensions import db
from council.translations_content.models import ContentTranslation, ReadCount
from council.translations_content.registry import translatable_kind


def source_hash(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def _load(kind: str, subject_id: int) -> dict[tuple[str, str], ContentTranslation]:
    rows = db.session.scalars(
        select(ContentTranslation).where(
            ContentTranslation.subject_kind == kind, ContentTranslation.subject_id == subject_id
        )
    )
    return {(row.field, row.locale): row for row in rows}


def translations_of(kind: str, subject_id: int) -> dict[tuple[str, str], ContentTranslation]:
    """(field, locale) → translation. A page shows many passages of one text: read once."""
    if not has_request_context():
        return _load(kind, subject_id)
    cache = g.setdefault("content_translations", {})
    if (kind, subject_id) not in cache:
        cache[(kind, subject_id)] = _load(kind, subject_id)
    return cache[(kind, subject_id)]


def prefetch_translations(kind: str, subject_ids) -> None:
    """Read the translations of many texts of one kind at once (a thread's comments) into the
    request's cache, so that each passage does not query for its own."""
    if not has_request_context():
        return
    cache = g.setdefault("content_translations", {})
    wanted = {subject_id for subject_id in subject_ids if (kind, subject_id) not in cache}
    if not wanted:
        return
    for subject_id in wanted:
        cache[(kind, subject_id)] = {}
    rows = db.session.scalars(
        select(ContentTranslation).where(
            ContentTranslation.subject_kind == kind,
            ContentTranslation.subject_id.in_(sorted(wanted)),
        )
    )
    for row in rows:
        cache[(kind, row.subject_id)][(row.field, row.locale)] = row


def forget_cached(kind: str, subject_id: int) -> None:
    if has_request_context():
        g.setdefault("content_translations", {}).pop((kind, subject_id), None)


def translated_texts(kind: str, subject_id: int | None, field: str | None = None):
    """Every translation of one subject (or of one of its fields) as (text, locale) pairs,
    for the search index (`council.fulltext.document_text` stems each in its language)."""
    if subject_id is None:
        return []
    query = select(ContentTranslation.text, ContentTranslation.locale).where(
        ContentTranslation.subject_kind == kind, ContentTranslation.subject_id == subject_id
    )
    if field is not None:
        query = query.where(ContentTranslation.field == field)
    return [tuple(row) for row in db.session.execute(query.order_by(ContentTranslation.id))]


def is_stale(row: ContentTranslation, original: str) -> bool:
    return row.source_hash != source_hash(original)


def translations_for(kind: str, subject_id: int) -> dict:
    """What the API and feeds expose: the original language and, per language, each field's
    translated text with whether it was reviewed and whether it may be outdated.

    {"original_language": {"title": "ar", …}, "languages": ["en", "fr"],
     "translations": {"fr": {"title": {"text": …, "reviewed": True, "outdated": False,
                                       "updated_at": "…"}}}}
    Returns {} for an unknown kind or id; the caller checks that the reader may see the text.
    """
    spec = translatable_kind(kind)
    obj = spec.loader(subject_id) if spec else None
    if obj is None:
        return {}
    by_locale: dict[str, dict] = {}
    for (field_name, locale), row in sorted(translations_of(kind, subject_id).items()):
        field = spec.field(field_name)
        if field is None:
            continue
        by_locale.setdefault(locale, {})[field_name] = {
            "text": row.text,
            "reviewed": row.is_reviewed,
            "outdated": is_stale(row, field.original(obj)),
            "updated_at": row.updated_at.isoformat(timespec="seconds"),
        }
    return {
        "original_language": {f.name: spec.language_of(obj, f.name) for f in spec.fields},
        "languages": sorted(by_locale),
        "translations": by_locale,
    }


def read_counts(kind: str, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(ReadCount.subject_id, ReadCount.reads).where(
            ReadCount.subject_kind == kind, ReadCount.subject_id.in_(ids)
        )
    )
    return dict(rows.all())


def api_translation_fields(kind: str, obj, requested: str | None) -> dict:
    """What the API adds to an item: every language it can be read in (its original's and its
    translations'), and, when `?lang=` asks for one that has a translation, that translation.

    {"available_languages": ["ar", "fr"],
     "translation": {"locale": "fr", "fields": {"title": {"text", "reviewed", "outdated",
                     "updated_at"}}} | None}"""
    exposed = translations_for(kind, obj.id)
    if not exposed:
        return {"available_languages": [], "translation": None}
    fields = exposed["translations"].get(requested) if requested else None
    return {
        "available_languages": _available(exposed),
        "translation": {"locale": requested, "fields": fields} if fields else None,
    }


def _available(exposed: dict) -> list[str]:
    originals = {code for code in exposed["original_language"].values() if code}
    return sorted(originals | set(exposed["languages"]))


def available_languages(kind: str, obj) -> list[str]:
    """Every language a text can be read in: its original's and its translations' (feeds list
    them as alternate links, the API as `available_languages`)."""
    exposed = translations_for(kind, obj.id)
    return _available(exposed) if exposed else []
