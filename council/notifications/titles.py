"""The title a notification names, in its reader's language by the one rule of which language
a text is shown in (council/translations_content/choice.py).

A notification keeps the title it was made with and the link of its subject. When the link is a
proposal's, a recommendation's or a question's page and the kept title is that text's original
title, the reader sees the title as the rule shows it (their translation, else the French one,
else the original); any other title (a meeting's, an older wording) is shown as kept.

Pages that list notifications read their subjects first (`read_titles`): one statement per kind
of text and one for their translations, whatever the number of notifications.
"""

from urllib.parse import urlsplit

from flask import current_app, g, has_app_context, has_request_context
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import lazyload
from werkzeug.exceptions import HTTPException

from council.extensions import db
from council.proposals.models import Proposal
from council.recommendations.models import Recommendation
from council.referrals.models import Referral
from council.translations_content.choice import choose
from council.translations_content.queries import prefetch_translations
from council.translations_content.registry import translatable_kind

# page endpoint → (kind of text, URL argument, field of its title, model)
LINKED_TEXTS = {
    "proposals.show": ("proposal", "proposal_id", "title", Proposal),
    "recommendations.show": ("recommendation", "recommendation_id", "title", Recommendation),
    "referrals.show": ("referral", "referral_id", "question", Referral),
}


def _subject_of(link: str):
    """(endpoint, id) of the text a notification's link points at, or None."""
    if not has_app_context():
        return None
    try:
        endpoint, args = current_app.url_map.bind("localhost").match(urlsplit(link).path)
    except HTTPException:
        return None
    entry = LINKED_TEXTS.get(endpoint)
    return (endpoint, args.get(entry[1])) if entry else None


def _read(endpoint: str, subject_id: int):
    """The text, once per request (kept referenced: the session's identity map is weak)."""
    texts = g.setdefault("notification_texts", {}) if has_request_context() else {}
    if (endpoint, subject_id) not in texts:
        model = LINKED_TEXTS[endpoint][3]
        texts[(endpoint, subject_id)] = db.session.get(model, subject_id)
    return texts[(endpoint, subject_id)]


def read_titles(notifications):
    """Read the texts the notifications name, and their translations, in a few statements;
    returns the notifications."""
    if not has_request_context():
        return notifications
    wanted: dict[str, set[int]] = {}
    for notification in notifications:
        subject = _subject_of(notification.link)
        if subject is not None:
            wanted.setdefault(subject[0], set()).add(subject[1])
    texts = g.setdefault("notification_texts", {})
    for endpoint, ids in wanted.items():
        kind, _argument, _field, model = LINKED_TEXTS[endpoint]
        rows = db.session.scalars(
            select(model).options(lazyload("*")).where(model.id.in_(sorted(ids)))
        )
        found = {row.id: row for row in rows}
        for subject_id in ids:
            texts[(endpoint, subject_id)] = found.get(subject_id)
        prefetch_translations(kind, ids)
    return notifications


def shown_title(notification) -> str:
    kept = notification.subject_title
    subject = _subject_of(notification.link)
    if subject is None:
        return kept
    kind, _argument, field, _model = LINKED_TEXTS[subject[0]]
    text, spec = _read(*subject), translatable_kind(kind)
    if text is None or spec is None or spec.field(field).original(text) != kept:
        return kept
    return choose(spec, text, field, str(get_locale())).text
