"""What the minutes pages, the Markdown download and the PDF share: loading and context."""

from flask import abort, current_app, url_for
from flask_login import current_user
from werkzeug.routing import BuildError

from council.extensions import db
from council.i18n import language
from council.meetings import labels
from council.meetings.models import Meeting
from council.minutes.operations import working_language
from council.minutes.permissions import can_read_minutes, sees_drafts
from council.minutes.queries import minutes_of
from council.minutes.record import build_record, parse_iso


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
        "sees_drafts": sees_drafts(current_user),
        "base_url": current_app.config["BASE_URL"].rstrip("/"),
    }
