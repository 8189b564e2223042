"""Adding, reviewing translations, saving readers' settings and counting reads.
Each function checks, flushes and never commits."""

import hashlib
import hmac
import ipaddress

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.forms import CONTROL
from council.i18n import LOCALE_CODES
from council.translations_content.models import (
    ContentTranslation,
    ReadCount,
    ReaderSettings,
    ReadMark,
)
from council.translations_content.permissions import can_review, can_translate, is_original_author
from council.translations_content.queries import (
    forget_cached,
    is_stale,
    source_hash,
    translations_of,
)
from council.translations_content.registry import TextField, TranslatableKind, translatable_kind


def _check_locale(locale: str, first_field: str | None) -> None:
    if locale not in LOCALE_CODES:
        raise OperationError(
            _("Translations can only be made into the languages this site offers."), first_field
        )


def translatable_fields(spec: TranslatableKind, obj, locale: str) -> list[TextField]:
    """The fields with an original text written in another language than `locale`."""
    return [
        field
        for field in spec.fields
        if field.original(obj).strip() and spec.language_of(obj, field.name) != locale
    ]


def _clean(field: TextField, text: str | None) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if CONTROL.search(text.replace("\t", " ")):
        raise OperationError(
            _("Remove the invisible control characters from this text."), field.name
        )
    if len(text) > field.max_length:
        raise OperationError(_("Use at most %(max)d characters.", max=field.max_length), field.name)
    if not field.multiline:
        text = " ".join(text.split())  # a title stays on one line, as the original does
    return text


def save_translations(
    spec: TranslatableKind, obj, by, locale: str, texts: dict[str, str | None]
) -> list[ContentTranslation]:
    """Add or correct the translation of each field into `locale`; returns the rows changed.

    Markup is kept as typed (nothing lost) and sanitised when shown, exactly like the original:
    Markdown fields through the shared renderer, one-line fields escaped."""
    fields = list(spec.fields)
    _check_locale(locale, fields[0].name)
    if not can_translate(by, spec, obj):
        raise OperationError(_("You cannot translate this text."), fields[0].name)
    fields = translatable_fields(spec, obj, locale)
    if not fields:
        raise OperationError(_("This text is already written in this language."))
    existing = translations_of(spec.kind, obj.id)
    now = utcnow()
    changed = []
    for field in fields:
        if field.name not in texts:
            continue  # a caller that translates one field leaves the others as they are
        text = _clean(field, texts[field.name])
        row = existing.get((field.name, locale))
        original_hash = source_hash(field.original(obj))
        if not text:
            if row is not None:
                raise OperationError(
                    _("A translation cannot be emptied: correct it instead."), field.name
                )
            continue
        if row is None:
            row = ContentTranslation(
                subject_kind=spec.kind, subject_id=obj.id, field=field.name, locale=locale,
                created_at=now,
            )  # fmt: skip
            db.session.add(row)
        elif row.text == text and row.source_hash == original_hash:
            continue
        # A new or corrected text (or one confirmed against a changed original) needs a
        # fresh review: the earlier one was about another text.
        row.text, row.source_hash, row.updated_at = text, original_hash, now
        row.translator_id = by.id
        row.reviewed_by_id = row.reviewed_at = None
        changed.append(row)
    if not changed and not any(existing.get((f.name, locale)) for f in fields):
        raise OperationError(_("Write the translation of at least one text."), fields[0].name)
    db.session.flush()
    forget_cached(spec.kind, obj.id)
    if changed and spec.on_change:
        spec.on_change(obj)
    return changed


def review_translations(spec: TranslatableKind, obj, by, locale: str) -> int:
    """Mark this language's translations of `obj` as checked by a second person."""
    _check_locale(locale, None)
    rows = [
        row
        for (field, code), row in translations_of(spec.kind, obj.id).items()
        if code == locale and spec.field(field) is not None
    ]
    if not rows:
        raise OperationError(_("There is no translation to review in this language."))
    if is_original_author(by, spec, obj):
        raise OperationError(_("The author of the original text cannot review its translation."))
    if any(row.translator_id == by.id for row in rows):
        raise OperationError(_("You cannot review your own translation: ask another member."))
    if not can_review(by, spec, obj, rows):
        raise OperationError(_("You cannot review this translation."))
    if any(is_stale(row, spec.field(row.field).original(obj)) for row in rows):
        raise OperationError(
            _("The original changed after this translation: update the translation first.")
        )
    waiting = [row for row in rows if not row.is_reviewed]
    if not waiting:
        raise OperationError(_("This translation is already reviewed."))
    now = utcnow()
    for row in waiting:
        row.reviewed_by_id, row.reviewed_at = by.id, now
    db.session.flush()
    forget_cached(spec.kind, obj.id)
    return len(waiting)


def settings_of(user) -> ReaderSettings | None:
    if not user.is_authenticated:
        return None
    return db.session.get(ReaderSettings, user.id)


def save_reader_settings(user, translate_into: list[str], easy_read: bool) -> ReaderSettings:
    unknown = [code for code in translate_into if code not in LOCALE_CODES]
    if unknown:
        raise OperationError(_("Choose languages from the list."), "translate_into")
    settings = settings_of(user) or ReaderSettings(user_id=user.id)
    settings.translate_into = " ".join(code for code in LOCALE_CODES if code in translate_into)
    settings.easy_read = bool(easy_read)
    settings.updated_at = utcnow()
    db.session.add(settings)
    db.session.flush()
    return settings


def read_count_upsert(dialect: str, kind: str, subject_id: int, times: int = 1):
    """More reads of a text's public page (an upsert: two readers at once both count)."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ReadCount).values(subject_kind=kind, subject_id=subject_id, reads=times)
    return statement.on_conflict_do_update(
        index_elements=["subject_kind", "subject_id"], set_={"reads": ReadCount.reads + times}
    )


def count_read(kind: str, subject_id: int, times: int = 1) -> None:
    db.session.execute(
        read_count_upsert(db.session.get_bind().dialect.name, kind, subject_id, times)
    )


def new_readers(connection, kind: str, subject_id: int, readers, today) -> int:
    """Mark each reader as counted today for this text; how many were not yet (a reader
    counts once a day: reloading a page a thousand times does not push it up the queue).
    Yesterday's marks go first: nothing about a reader outlives the day."""
    dialect = connection.dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    connection.execute(delete(ReadMark).where(ReadMark.day < today))
    new = 0
    for reader in sorted(readers):
        marked = connection.execute(
            insert(ReadMark)
            .values(
                subject_kind=kind,
                subject_id=subject_id,
                reader=reader_key(today, reader),
                day=today,
            )
            .on_conflict_do_nothing()
            .returning(ReadMark.day)  # a row back when inserted (rowcount is -1 on psycopg)
        ).first()
        new += marked is not None
    return new


def current_reader() -> str:
    """The account that reads, else its network address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return address_reader(request.remote_addr or "")


def address_reader(address: str) -> str:
    """An IPv6 /64 is one reader: one home's devices share it, and a visitor holds them all."""
    return "address:" + _network(address)


def reader_key(day, reader: str) -> str:
    """A keyed hash of the day and the reader: not reversible without the secret key, and
    useless the next day."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"read:{day.isoformat()}:{reader}".encode(), hashlib.sha256).hexdigest()


def _network(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def copy_translations(from_kind: str, from_id: int, spec: TranslatableKind, obj) -> int:
    """Carry the current translations of one text over to a copy of it (an adopted proposal
    becoming a recommendation): same translator, same review. Outdated ones stay behind."""
    source = translatable_kind(from_kind)
    source_obj = source.loader(from_id) if source else None
    if source_obj is None:
        return 0
    copied = 0
    for (field_name, locale), row in translations_of(from_kind, from_id).items():
        source_field, field = source.field(field_name), spec.field(field_name)
        if field is None or source_field is None:
            continue
        if is_stale(row, source_field.original(source_obj)) or not field.original(obj).strip():
            continue
        db.session.add(
            ContentTranslation(
                subject_kind=spec.kind, subject_id=obj.id, field=field_name, locale=locale,
                text=row.text, source_hash=source_hash(field.original(obj)),
                translator_id=row.translator_id, created_at=row.created_at,
                updated_at=row.updated_at, reviewed_by_id=row.reviewed_by_id,
                reviewed_at=row.reviewed_at,
            )
        )  # fmt: skip
        copied += 1
    db.session.flush()
    forget_cached(spec.kind, obj.id)
    return copied


def forget_text(kind: str, subject_id: int) -> None:
    """A text is deleted: what was derived from it goes too (its translations in every
    language, its read count), otherwise a deleted comment would live on in Arabic."""
    db.session.execute(
        delete(ContentTranslation).where(
            ContentTranslation.subject_kind == kind, ContentTranslation.subject_id == subject_id
        )
    )
    db.session.execute(
        delete(ReadCount).where(ReadCount.subject_kind == kind, ReadCount.subject_id == subject_id)
    )
