"""What the minutes pages, the Markdown download and the PDF share: loading and context."""

from flask import abort, current_app, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import lazyload
from werkzeug.routing import BuildError

from council.extensions import db
from council.i18n import language
from council.meetings import labels
from council.meetings.models import Meeting
from council.minutes.operations import working_language
from council.minutes.permissions import can_read_minutes, sees_drafts
from council.minutes.queries import minutes_of
from council.minutes.record import build_record, parse_iso
from council.minutes.texts import TITLE_FIELDS
from council.proposals.models import Proposal
from council.recommendations.models import Recommendation
from council.referrals.models import Referral
from council.translations_content.queries import prefetch_translations
from council.translations_content.reading import Passage, passage

LINKED_MODELS = {"proposal": Proposal, "referral": Referral, "recommendation": Recommendation}


def load_readable(meeting_id: int):
    """The meeting and its minutes, or 404 for anyone who may not read them yet."""
    meeting = db.get_or_404(Meeting, meeting_id)
    minutes = minutes_of(meeting)
    if not can_read_minutes(current_user, minutes):
        abort(404)  # unpublished minutes do not exist for the public
    return meeting, minutes


def readable_minutes(meeting: Meeting):
    """For the meeting page: its minutes when this reader may read them, else None."""
    minutes = minutes_of(meeting)
    return minutes if can_read_minutes(current_user, minutes) else None


def link_url(link: dict) -> str | None:
    try:
        return url_for(link["endpoint"], **link["args"])
    except BuildError:  # the linked domain is not installed (or not yet merged)
        return None


def minutes_context(minutes) -> dict:
    record = minutes.record or build_record(minutes.meeting)
    links = link_passages(minutes, record)
    return {
        "meeting": minutes.meeting,
        "minutes": minutes,
        "record": record,
        "narratives": {n.item_id: n for n in minutes.narratives},
        "labels": labels,
        "parse_iso": parse_iso,
        "language_of": language,
        "working": language(working_language()),
        "link_url": link_url,
        "link_titles": links,
        "item_titles": item_title_passages(record, links),
        "sees_drafts": sees_drafts(current_user),
        "base_url": current_app.config["BASE_URL"].rstrip("/"),
    }


def _preload(record: dict) -> dict[tuple[str, int], object]:
    """Every linked text and its translations, read in one statement per kind, not per item."""
    wanted: dict[str, set[int]] = {kind: set() for kind in LINKED_MODELS}
    for item in record["items"]:
        for link in item.get("links", []):
            if link["kind"] in wanted:
                wanted[link["kind"]].update(link.get("args", {}).values())
    loaded = {}
    for kind, ids in wanted.items():
        if ids:
            model = LINKED_MODELS[kind]
            only_the_row = select(model).options(lazyload("*"))  # titles, not their lists
            for row in db.session.scalars(only_the_row.where(model.id.in_(sorted(ids)))):
                loaded[(kind, row.id)] = row
            prefetch_translations(kind, ids)
    return loaded


def link_passages(minutes, record: dict) -> dict[tuple[str, int], Passage]:
    """(link kind, id) → its title as this page shows it, for every link of the record."""
    loaded = _preload(record)
    shown = {}
    for item in record["items"]:
        for link in item.get("links", []):
            subject_id = next(iter(link.get("args", {}).values()), None)
            field, subject = TITLE_FIELDS.get(link["kind"]), loaded.get((link["kind"], subject_id))
            if field is not None and subject is not None:
                key = (link["kind"], subject.id)
                shown[key] = passage(link["kind"], subject, field, record=minutes.frozen_french)
    return shown


def item_title_passages(record: dict, links: dict) -> dict[int, Passage]:
    """item id → its title as shown, for the items titled as their proposal or question (the
    secretary's own titles are in the council's working language and shown as written)."""
    titles = {}
    for item in record["items"]:
        for link in item.get("links", [])[:1]:  # the item's own subject comes first
            subject_id = next(iter(link.get("args", {}).values()), None)
            shown = links.get((link["kind"], subject_id))
            if shown is not None and link.get("title") == item["title"]:
                titles[item["id"]] = shown
    return titles
