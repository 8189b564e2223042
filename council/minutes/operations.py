"""Minutes state changes: draft at close, secretary's saves, approval, publication, errata.

Every function flushes and never commits. Approved minutes are frozen: the generated record is
stored as it was, the written text can no longer change, and a correction is an erratum.
"""

import hashlib

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from council import signals
from council.actors import actor_id
from council.audit.chain import append_event, canonical_json
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.forms import CONTROL
from council.fulltext import document_text, title_text
from council.i18n import LOCALE_CODES
from council.locking import lock_row
from council.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingState
from council.minutes.models import (
    CHAIR_MAX,
    DECISION_MAX,
    EASY_READ_MAX,
    ERRATUM_MAX,
    SUMMARY_MAX,
    TEXT_MAX,
    WRITTEN_FIELDS,
    Minutes,
    MinutesErratum,
    MinutesNarrative,
    MinutesRevision,
    MinutesState,
)
from council.minutes.queries import minutes_of
from council.minutes.record import build_record, default_chair
from council.minutes.texts import french_to_freeze
from council.translations_content.queries import translated_texts

DRAFT, APPROVED, PUBLISHED = MinutesState.DRAFT, MinutesState.APPROVED, MinutesState.PUBLISHED


def working_language() -> str:
    return current_app.config.get("MINUTES_WORKING_LANGUAGE", "fr")


def draft_minutes(meeting: Meeting, by) -> Minutes:
    """Called when a meeting closes: one draft per meeting (a second call returns it)."""
    existing = minutes_of(meeting)
    if existing is not None:
        return existing
    if meeting.state != MeetingState.CLOSED:
        raise OperationError(_("Minutes are drafted once the meeting is closed."))
    language = working_language()
    minutes = Minutes(
        meeting_id=meeting.id,
        chair=default_chair(meeting)[:CHAIR_MAX],
        summary_language=language,
        easy_read_language=language,
    )
    db.session.add(minutes)
    db.session.flush()
    for item in meeting.items:
        db.session.add(MinutesNarrative(minutes_id=minutes.id, item_id=item.id, language=language))
    db.session.flush()
    return minutes


# --- the secretary's text -----------------------------------------------------------------


def _check_text(value: str, limit: int, field: str) -> str:
    value = (value or "").replace("\r\n", "\n")
    if len(value) > limit:
        raise OperationError(_("Use at most %(max)d characters.", max=limit), field)
    if CONTROL.search(value):
        raise OperationError(_("Remove the invisible control characters from the text."), field)
    return value


def _check_language(code: str, field: str) -> str:
    if code not in LOCALE_CODES:
        raise OperationError(_("Choose an option from the list."), field)
    return code


def frozen_error() -> OperationError:
    return OperationError(
        _(
            "These minutes are approved: their text cannot change any more. "
            "Add an erratum to correct them."
        )
    )


def _edited_meanwhile() -> OperationError:
    return OperationError(
        _(
            "Someone else saved these minutes while you were editing them. Your text is below "
            "but was not saved: compare it with the current version, then save again."
        ),
        "summary",
    )


def _sections(minutes: Minutes, values: dict, narratives: dict[int, tuple[str, str]]) -> dict:
    sections = [
        {"key": "chair", "title": "", "text": values["chair"], "language": ""},
        {"key": "easy_read", "title": "", "text": values["easy_read"],
         "language": values["easy_read_language"]},
        {"key": "summary", "title": "", "text": values["summary"],
         "language": values["summary_language"]},
    ]  # fmt: skip
    for item in minutes.meeting.items:
        text, language = narratives.get(item.id, ("", working_language()))
        sections.append(
            {"key": f"item:{item.id}", "title": item.title, "text": text, "language": language}
        )
    return {"sections": sections}


def _current_narratives(minutes: Minutes) -> dict[int, tuple[str, str]]:
    return {n.item_id: (n.text, n.language) for n in minutes.narratives}


def revision_content(minutes: Minutes) -> dict:
    """The whole written text as sections, for revisions and their differences."""
    values = {name: getattr(minutes, name) for name in WRITTEN_FIELDS}
    return _sections(minutes, values, _current_narratives(minutes))


def save_minutes(
    minutes: Minutes,
    by,
    *,
    seen_version,
    chair: str,
    summary: str,
    summary_language: str,
    easy_read: str,
    easy_read_language: str,
    narratives: dict[int, tuple[str, str]],
) -> MinutesRevision | None:
    """Save the secretary's text made from version `seen_version`; a revision when it changed.

    Returns None (and changes nothing) when the text is the same as the current one."""
    locked = lock_row(Minutes, minutes.id)
    if locked.state != DRAFT:
        raise frozen_error()
    if seen_version != locked.version:
        raise _edited_meanwhile()
    values = {
        "chair": _check_text(chair, CHAIR_MAX, "chair").strip(),
        "summary": _check_text(summary, SUMMARY_MAX, "summary"),
        "summary_language": _check_language(summary_language, "summary_language"),
        "easy_read": _check_text(easy_read, EASY_READ_MAX, "easy_read"),
        "easy_read_language": _check_language(easy_read_language, "easy_read_language"),
    }
    items = {item.id for item in locked.meeting.items}
    proposed = _current_narratives(locked)
    for item_id, (text, language) in narratives.items():
        if item_id not in items:
            raise OperationError(_("This agenda item is not part of this meeting."))
        proposed[item_id] = (
            _check_text(text, TEXT_MAX, f"item_{item_id}"),
            _check_language(language, f"item_{item_id}_language"),
        )
    after = _sections(locked, values, proposed)
    if after == revision_content(locked):
        return None
    # Compare-and-set on the version, under the row lock taken above.
    result = db.session.execute(
        update(Minutes)
        .where(Minutes.id == locked.id, Minutes.version == seen_version)
        .values(version=Minutes.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount != 1:
        raise _edited_meanwhile()
    for item_id, (text, language) in proposed.items():
        narrative = locked.narrative_for(item_id)
        if narrative is None:
            narrative = MinutesNarrative(minutes_id=locked.id, item_id=item_id)
            locked.narratives.append(narrative)
        narrative.text, narrative.language = text, language
    last = db.session.scalar(
        select(func.max(MinutesRevision.number)).where(MinutesRevision.minutes_id == locked.id)
    )
    revision = MinutesRevision(
        minutes_id=locked.id, number=(last or 0) + 1, author_id=actor_id(by),
        content=after,
    )  # fmt: skip
    db.session.add(revision)
    db.session.flush()
    return revision


# --- approval -----------------------------------------------------------------------------


def eligible_approval_items(minutes: Minutes) -> list[AgendaItem]:
    """ "Approval of the previous minutes" items of later meetings not yet held, still free."""
    taken = select(Minutes.approval_item_id).where(Minutes.approval_item_id.is_not(None))
    query = (
        select(AgendaItem)
        .join(Meeting)
        .where(
            AgendaItem.kind == AgendaItemKind.MINUTES_APPROVAL,
            Meeting.state.in_((MeetingState.PLANNED, MeetingState.IN_SESSION)),
            Meeting.starts_at > minutes.meeting.starts_at,
            AgendaItem.id.not_in(taken),
        )
        .order_by(Meeting.starts_at, AgendaItem.position)
    )
    return list(db.session.scalars(query))


def link_approval_item(minutes: Minutes, by, *, item: AgendaItem | None) -> None:
    minutes = lock_row(Minutes, minutes.id)
    if minutes.state != DRAFT:
        raise OperationError(_("These minutes are already approved."), "item_id")
    if item is None or item.id not in {i.id for i in eligible_approval_items(minutes)}:
        raise OperationError(
            _("Choose an “approval of the previous minutes” item of a later meeting."), "item_id"
        )
    minutes.approval_item_id = item.id
    db.session.flush()


def _content_digest(minutes: Minutes) -> str:
    body = {"record": minutes.record, "text": revision_content(minutes)}
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()


def _approve(minutes: Minutes, by, *, poll=None, decision: str | None = None) -> None:
    minutes.record = build_record(minutes.meeting)
    # The French text as approved: later edits of a translation do not change the minutes.
    minutes.frozen_french = french_to_freeze(minutes, minutes.record)
    minutes.state, minutes.approved_at = APPROVED, utcnow()
    minutes.approved_by_id = actor_id(by)
    minutes.approval_poll_id = poll.id if poll is not None else None
    minutes.approval_decision = decision
    db.session.flush()
    append_event(
        "minutes.approved",
        f"meeting:{minutes.meeting_id}",
        {"via": "poll" if poll is not None else "bureau", "sha256": _content_digest(minutes)},
        by,
    )
    signals.minutes_approved.send(minutes, by=by, via="poll" if poll is not None else "bureau")


def approve_by_vote(minutes: Minutes, by, *, poll) -> None:
    """The council adopted `poll` on these minutes' approval item (see council.proceedings)."""
    minutes = lock_row(Minutes, minutes.id)
    if minutes.state == DRAFT:  # a second adopted poll on the same item changes nothing
        _approve(minutes, by, poll=poll)


def bureau_may_approve() -> bool:
    return bool(current_app.config.get("MINUTES_BUREAU_APPROVAL", False))


def approve_by_bureau(minutes: Minutes, by, *, decision: str, allowed: bool | None = None):
    """Approval by the bureau, where the council's settings allow it, with its decision."""
    if not (bureau_may_approve() if allowed is None else allowed):
        raise OperationError(
            _("In this council, minutes are approved by a vote at a later meeting."), "decision"
        )
    minutes = lock_row(Minutes, minutes.id)
    if minutes.state != DRAFT:
        raise OperationError(_("These minutes are already approved."), "decision")
    decision = _check_text(decision, DECISION_MAX, "decision").strip()
    if not decision:
        raise OperationError(_("Write the bureau's decision."), "decision")
    _approve(minutes, by, decision=decision)
    return minutes


# --- publication and errata ---------------------------------------------------------------


def document_of(minutes: Minutes) -> str:
    """The words the search indexes: the minutes, their errata, and every translation."""
    record = minutes.record or build_record(minutes.meeting)
    parts = [record["meeting"]["title"], minutes.easy_read, minutes.summary]
    parts += [item["title"] for item in record["items"]]
    parts += [n.text for n in minutes.narratives]
    parts += [erratum.text for erratum in minutes.errata]
    parts += translated_texts("minutes", minutes.id)
    for narrative in minutes.narratives:  # a narrative is translated under its agenda item's id
        parts += translated_texts("minutes_narrative", narrative.item_id)
    return document_text(*parts)


def index_minutes(minutes: Minutes) -> None:
    minutes.search_text = document_of(minutes)
    record = minutes.record or build_record(minutes.meeting)
    minutes.search_title = title_text(record["meeting"]["title"])


def reindex_published(minutes: Minutes) -> None:
    """After a translation changed: only published minutes are searchable."""
    if minutes.state == PUBLISHED:
        index_minutes(minutes)
        db.session.flush()


def publish_minutes(minutes: Minutes, by) -> Minutes:
    minutes = lock_row(Minutes, minutes.id)
    if minutes.state == DRAFT:
        raise OperationError(_("Minutes must be approved before they are published."))
    if minutes.state == PUBLISHED:
        raise OperationError(_("These minutes are already published."))
    minutes.state, minutes.published_at = PUBLISHED, utcnow()
    minutes.published_by_id = actor_id(by)
    index_minutes(minutes)
    db.session.flush()
    append_event("minutes.published", f"meeting:{minutes.meeting_id}", {}, by)
    signals.minutes_published.send(minutes, by=by)  # subscribers are mailed (subscriptions.py)
    return minutes


def add_erratum(minutes: Minutes, by, *, text: str, language: str) -> MinutesErratum:
    minutes = lock_row(Minutes, minutes.id)
    if minutes.state == DRAFT:
        raise OperationError(_("A draft is corrected by editing it, not by an erratum."), "text")
    text = _check_text(text, ERRATUM_MAX, "text").strip()
    if not text:
        raise OperationError(_("Write the correction."), "text")
    language = _check_language(language, "language")
    number = len(minutes.errata) + 1
    erratum = MinutesErratum(
        minutes_id=minutes.id, number=number, text=text, language=language,
        created_by_id=actor_id(by),
    )  # fmt: skip
    minutes.errata.append(erratum)
    db.session.flush()
    if minutes.state == PUBLISHED:
        index_minutes(minutes)
    minutes.updated_at = utcnow()
    db.session.flush()
    append_event(
        "minutes.erratum", f"meeting:{minutes.meeting_id}", {"number": number, "text": text}, by
    )
    return erratum
