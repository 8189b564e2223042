"""Who may translate and review texts."""

from council.permissions import is_member, is_official, is_secretary
from council.translations_content.registry import TranslatableKind


def can_translate_texts(user) -> bool:
    """Route gate: council members (secretaries included) and officials (for their answers)."""
    return is_member(user) or is_secretary(user) or is_official(user)


def can_translate(user, spec: TranslatableKind, obj) -> bool:
    """A person translates only what they may read, and only what the kind's object rule lets
    them (an official translates the texts of their own service only)."""
    return bool(spec.can_read(user, obj) and spec.translators(user, obj))


def is_original_author(user, spec: TranslatableKind, obj) -> bool:
    return user.is_authenticated and user.id in set(spec.authors_of(obj))


def can_review(user, spec: TranslatableKind, obj, translations) -> bool:
    """A second person checks: neither a translator of these texts nor the original's author."""
    if not can_translate(user, spec, obj) or is_original_author(user, spec, obj):
        return False
    return all(row.translator_id != user.id for row in translations)
