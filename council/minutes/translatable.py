"""Minutes can be translated (council/translations_content/registry.py): the general summary,
the easy-read summary and each agenda item's narrative, each in the language it declares."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from council.extensions import db
from council.minutes.models import Minutes, MinutesNarrative
from council.minutes.operations import reindex_published
from council.minutes.permissions import can_read_minutes
from council.translations_content.registry import TextField, register_translatable

TEXT_MAX = 50_000


def minutes_url(minutes: Minutes) -> str:
    return f"/meetings/{minutes.meeting_id}/minutes"  # public URL contract


def narrative_of_item(item_id: int) -> MinutesNarrative | None:
    return db.session.scalar(select(MinutesNarrative).where(MinutesNarrative.item_id == item_id))


def _recent(model, order):
    return lambda limit: db.session.scalars(select(model).order_by(order).limit(limit)).all()


def register() -> None:
    register_translatable(
        "minutes",
        label=_l("Minutes"),
        loader=lambda minutes_id: db.session.get(Minutes, minutes_id),
        fields=(
            TextField("easy_read", _l("Easy-read summary"), TEXT_MAX, easy_read=True),
            TextField("summary", _l("General summary"), TEXT_MAX, markdown=True),
        ),
        can_read=can_read_minutes,
        language_of=lambda minutes, field: getattr(minutes, f"{field}_language"),
        url_of=minutes_url,
        title_of=lambda minutes: minutes.meeting.title,
        authors_of=lambda minutes: [],  # written by the secretariat for the whole council
        recent=_recent(Minutes, Minutes.id.desc()),
        on_change=reindex_published,
        record_of=lambda minutes: minutes.frozen_french,
    )
    register_translatable(
        "minutes_narrative",
        label=_l("Summary of a debate"),
        loader=narrative_of_item,
        fields=(TextField("text", _l("Summary of the debate"), TEXT_MAX, markdown=True),),
        can_read=lambda user, narrative: can_read_minutes(user, narrative.minutes),
        language_of=lambda narrative, field: narrative.language,
        url_of=lambda narrative: minutes_url(narrative.minutes),
        title_of=lambda narrative: narrative.item.title if narrative.item else "",
        authors_of=lambda narrative: [],
        recent=_recent(MinutesNarrative, MinutesNarrative.item_id.desc()),
        on_change=lambda narrative: reindex_published(narrative.minutes),
        record_of=lambda narrative: narrative.minutes.frozen_french,
    )
