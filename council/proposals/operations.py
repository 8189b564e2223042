"""Every change to a proposal. Each function checks the permission and the state, flushes and
never commits: the caller (a view, the CLI, another domain) commits once.

Life cycle: ``draft → submitted → scheduled → adopted | rejected`` and
``draft | submitted → withdrawn`` (with a reason). Each move is a conditional UPDATE on the
state the caller saw, so two simultaneous requests cannot both move a proposal; every move is
recorded in ``proposal_events`` for the public timeline.

Support before submission: the lead author *opens a draft for support* (it stays a draft,
readable by members but not the public); other members co-sign; once it holds
``PROPOSAL_COSIGNATURES_REQUIRED`` co-signatures (default 2) the lead author may submit it.
Co-signatures can be taken back until the proposal is scheduled; taking one back after
submission does not un-submit the proposal (the support was there when it was submitted).

For the meetings and polls domains (all raise ``OperationError`` when refused):

- ``schedule_proposal(proposal, by)``: submitted → scheduled, when put on a meeting's agenda;
  ``by`` must be a secretary.
- ``return_to_submitted(proposal, by)``: scheduled → submitted, when that agenda item is removed.
- ``adopt_proposal(proposal, by)`` / ``reject_proposal(proposal, by)``: scheduled → adopted or
  rejected, when the council's vote is closed; ``by`` must be a secretary.
"""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select, update

from council import signals
from council.actors import actor_id
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.i18n import LOCALE_CODES
from council.notifications.models import NotificationKind
from council.notifications.operations import followers_of, notify
from council.proposals import permissions as can
from council.proposals.labels import state_label
from council.proposals.models import (
    Proposal,
    ProposalEvent,
    ProposalRevision,
    ProposalState,
)
from council.proposals.search import index_columns
from council.proposals.support import cosignature_count, cosigners_of
from council.referrals.models import Referral, ReferralStatus
from council.referrals.operations import mark_referral_answered

S = ProposalState


def _refuse() -> OperationError:
    return OperationError(_("You are not allowed to do this with this proposal."))


def check_seen(proposal: Proposal, seen_state: str | None) -> None:
    if seen_state is not None and seen_state != proposal.state.value:
        raise OperationError(
            _(
                "This proposal changed while you were looking at it: it is now “%(state)s”. "
                "Nothing was done. Please read the page again before you decide.",
                state=state_label(proposal.state),
            )
        )


def _check_choices(language: str, theme) -> None:
    if language not in LOCALE_CODES:
        raise OperationError(_("Choose a language from the list."), "language")
    if theme is None:
        raise OperationError(_("Choose a theme."), "theme_id")


def _check_referral(referral_id: int | None, current_id: int | None = None):
    """The question from the city a proposal answers: an open one (or the one it had)."""
    if referral_id is None:
        return None
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        raise OperationError(_("This question from the city does not exist."), "referral_id")
    if referral.status != ReferralStatus.OPEN and referral.id != current_id:
        raise OperationError(
            _(
                "This question from the city is no longer open: it is %(status)s.",
                status=referral.status.label,
            ),
            "referral_id",
        )
    return referral


def create_proposal(
    author, title, body, theme, language, summary=None, services=(), referral_id=None
) -> Proposal:
    """A new draft, readable by its author only."""
    if not can.is_member(author):
        raise _refuse()
    _check_choices(language, theme)
    referral = _check_referral(referral_id)
    now = utcnow()
    proposal = Proposal(
        title=title.strip(),
        body=body,
        summary=summary or None,
        theme=theme,
        language=language,
        author_id=author.id,
        created_at=now,
        last_activity_at=now,
        **index_columns(None, title, body, summary, language),
        referral_id=referral.id if referral else None,
    )
    proposal.services = list(services)
    db.session.add(proposal)
    db.session.flush()
    db.session.add(ProposalEvent(proposal_id=proposal.id, actor_id=author.id, to_state=S.DRAFT))
    db.session.flush()
    return proposal


KEEP = object()  # update_proposal(referral_id=KEEP): the callers that do not change it


def update_proposal(
    proposal, by, *, title, body, summary, theme, language, services, seen_version,
    referral_id=KEEP,
) -> bool:  # fmt: skip
    """Save an edit made from version `seen_version`; True when the text itself changed."""
    if not can.can_edit_proposal(by, proposal):
        raise _refuse()
    _check_choices(language, theme)
    if referral_id is KEEP:
        referral_id = proposal.referral_id
    referral = _check_referral(referral_id, proposal.referral_id)
    if seen_version != proposal.version:
        raise _edited_meanwhile()
    summary = summary or None
    text_changed = (title.strip(), body, summary) != (
        proposal.title,
        proposal.body,
        proposal.summary,
    )
    if text_changed and proposal.tracks_revisions:
        _ensure_first_revision(proposal)
    result = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.version == seen_version)
        .values(
            title=title.strip(),
            body=body,
            summary=summary,
            theme_id=theme.id,
            language=language,
            # Translations stay searchable after an edit (they are shown as "may be outdated").
            **index_columns(proposal.id, title, body, summary, language),
            referral_id=referral.id if referral else None,
            version=Proposal.version + 1,
            last_activity_at=utcnow(),
        )
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount != 1:
        raise _edited_meanwhile()
    db.session.refresh(proposal)
    proposal.services = list(services)
    if text_changed and proposal.tracks_revisions:
        _add_revision(proposal, by)
    db.session.flush()
    return text_changed


def _edited_meanwhile() -> OperationError:
    return OperationError(
        _(
            "Someone else saved this proposal while you were editing it. Your changes are "
            "below but were not saved: compare them with the current version, then save again."
        ),
        "title",
    )


def _last_revision_number(proposal) -> int:
    return (
        db.session.scalar(
            select(func.max(ProposalRevision.number)).where(
                ProposalRevision.proposal_id == proposal.id
            )
        )
        or 0
    )


def _ensure_first_revision(proposal) -> None:
    """Revision 1 is the text as others first saw it, signed by the lead author."""
    if _last_revision_number(proposal) == 0:
        _add_revision(proposal, None, editor_id=proposal.author_id)


def _add_revision(proposal, by, editor_id=None) -> None:
    db.session.add(
        ProposalRevision(
            proposal_id=proposal.id,
            number=_last_revision_number(proposal) + 1,
            editor_id=by.id if by is not None else editor_id,
            title=proposal.title,
            body=proposal.body,
            summary=proposal.summary,
        )
    )
    db.session.flush()


def _move(proposal, by, allowed_from, to_state, *, seen_state=None, reason=None, **values):
    """Move `proposal` to `to_state` if it still is in the state the caller saw."""
    check_seen(proposal, seen_state)
    from_state = proposal.state
    if from_state not in allowed_from:
        raise OperationError(
            _(
                "This cannot be done now: the proposal is “%(state)s”.",
                state=state_label(from_state),
            )
        )
    now = utcnow()
    result = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.state == from_state)
        .values(state=to_state, last_activity_at=now, **values)
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount != 1:  # someone else moved it between our read and our write
        db.session.refresh(proposal)
        check_seen(proposal, from_state.value)
    db.session.add(
        ProposalEvent(
            proposal_id=proposal.id,
            actor_id=actor_id(by),
            at=now,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
        )
    )
    db.session.flush()
    db.session.refresh(proposal)
    _tell_about_state(proposal, by)


def proposal_link(proposal) -> str:
    return f"/proposals/{proposal.id}"  # public URL contract; also valid outside a request


def _tell_about_state(proposal, by) -> None:
    """Authors, co-authors, co-signers and followers hear of every change but the actor's —
    those who may still read it (a follower who is no longer a member loses a draft)."""
    people = [
        proposal.author,
        *(row.user for row in proposal.confirmed_coauthors),
        *cosigners_of(proposal),
        *followers_of("proposal", proposal.id),
    ]
    acting = actor_id(by)
    notify(
        [
            person
            for person in people
            if person is not None
            and person.id != acting
            and can.can_view_proposal(person, proposal)
        ],
        NotificationKind.STATE_CHANGE,
        proposal.title,
        proposal_link(proposal),
        state=proposal.state.value,
    )


def open_for_support(proposal, by, *, seen_state=None) -> None:
    """Show a draft to members so they can co-sign it (the public still cannot read it)."""
    if not can.can_manage_proposal(by, proposal):
        raise _refuse()
    check_seen(proposal, seen_state)
    if proposal.state != S.DRAFT:
        raise OperationError(_("Only a draft can be opened for support."))
    if proposal.support_opened_at is not None:
        raise OperationError(_("This draft is already open for support."))
    proposal.support_opened_at = proposal.last_activity_at = utcnow()
    _ensure_first_revision(proposal)
    db.session.flush()


def submit_proposal(proposal, by, *, seen_state=None) -> None:
    if not can.can_submit_proposal(by, proposal):
        raise _refuse()
    check_seen(proposal, seen_state)
    required = current_app.config["PROPOSAL_COSIGNATURES_REQUIRED"]
    have = cosignature_count(proposal)
    if proposal.state == S.DRAFT and have < required:
        raise OperationError(
            ngettext(
                "A proposal needs %(num)d co-signature from another member before it is "
                "submitted; it has %(count)d.",
                "A proposal needs %(num)d co-signatures from other members before it is "
                "submitted; it has %(count)d.",
                required,
                count=have,
            )
        )
    _move(proposal, by, {S.DRAFT}, S.SUBMITTED, seen_state=seen_state, submitted_at=utcnow())
    _ensure_first_revision(proposal)
    signals.proposal_submitted.send(proposal, by=by)


def withdraw_proposal(proposal, by, *, reason: str, seen_state=None) -> None:
    if not can.can_withdraw_proposal(by, proposal):
        raise _refuse()
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("Say why the proposal is withdrawn."), "reason")
    _move(
        proposal,
        by,
        {S.DRAFT, S.SUBMITTED},
        S.WITHDRAWN,
        seen_state=seen_state,
        reason=reason,
        withdrawal_reason=reason,
    )


def schedule_proposal(proposal, by) -> None:
    if not can.can_schedule_proposal(by, proposal):
        raise _refuse()
    _move(proposal, by, {S.SUBMITTED}, S.SCHEDULED)
    signals.proposal_scheduled.send(proposal, by=by)


def return_to_submitted(proposal, by, *, reason: str | None = None) -> None:
    if not can.can_schedule_proposal(by, proposal):
        raise _refuse()
    _move(proposal, by, {S.SCHEDULED}, S.SUBMITTED, reason=reason)


def adopt_proposal(proposal, by) -> None:
    """Adopted by the council's vote; the question from the city it answers is answered."""
    if not can.can_decide_proposal(by, proposal):
        raise _refuse()
    _move(proposal, by, {S.SCHEDULED}, S.ADOPTED, decided_at=utcnow())
    _answer_referral(proposal, by)
    signals.proposal_adopted.send(proposal, by=by)


def _answer_referral(proposal, by) -> None:
    referral = proposal.referral
    if referral is None or referral.status != ReferralStatus.OPEN:
        return  # closed or answered meanwhile: the adoption stands on its own
    note = _(
        "The council adopted the proposal “%(title)s” (%(link)s), which answers this question.",
        title=proposal.title,
        link=proposal_link(proposal),
    )
    mark_referral_answered(referral, by, note=note)


def reject_proposal(proposal, by) -> None:
    if not can.can_decide_proposal(by, proposal):
        raise _refuse()
    _move(proposal, by, {S.SCHEDULED}, S.REJECTED, decided_at=utcnow())
    signals.proposal_rejected.send(proposal, by=by)
