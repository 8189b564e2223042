"""Where an agenda reaches into the proposals and referrals domains.

- An agenda item of kind `proposal` links a submitted proposal; adding it schedules the
  proposal (`schedule_proposal`). The proposal's life cycle is what keeps it on one open
  agenda at a time: only a submitted proposal can be scheduled.
- Removing that item, or ending its meeting (cancelled, or closed without a decision), puts
  the proposal back to `submitted` (`return_to_submitted`).
- What a closed poll decides for its proposal is written in `council.proceedings`.
- An item of kind `referral` links an open question from the city (nothing changes on it).

Every call runs in the caller's transaction (the poll close, the agenda change): all or nothing.
"""

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from council.errors import OperationError
from council.extensions import db
from council.meetings.models import AgendaItem, AgendaItemKind
from council.meetings.queries import current_item_of
from council.proposals import operations as proposals
from council.proposals.labels import state_label
from council.proposals.models import Proposal, ProposalState
from council.proposals.permissions import can_view_proposal
from council.referrals.models import Referral, ReferralStatus
from council.translations_content.queries import prefetch_translations
from council.translations_content.reading import passage

LINKS = {AgendaItemKind.PROPOSAL: "proposal_id", AgendaItemKind.REFERRAL: "referral_id"}


def available_item_kinds() -> tuple[AgendaItemKind, ...]:
    return tuple(AgendaItemKind)


def proposal_choices() -> list[tuple[int, str]]:
    rows = db.session.scalars(
        select(Proposal)
        .where(Proposal.state == ProposalState.SUBMITTED)
        .order_by(Proposal.submitted_at, Proposal.id)
    )
    return [(proposal.id, proposal.title) for proposal in rows]


def referral_choices() -> list[tuple[int, str]]:
    rows = db.session.scalars(
        select(Referral)
        .where(Referral.status == ReferralStatus.OPEN)
        .order_by(Referral.wished_answer_date, Referral.id)
    )
    return [(referral.id, referral.question) for referral in rows]


def linked_subject(kind: AgendaItemKind, proposal_id, referral_id, by):
    """The proposal or referral a new item of this kind links, checked (None for the others).

    Ids come from the form: a stale or forged one gets a message, never an error page."""
    chosen = {"proposal_id": proposal_id, "referral_id": referral_id}
    for field, value in chosen.items():
        if value is not None and LINKS.get(kind) != field:
            raise OperationError(_("Leave this empty for this kind of item."), field)
    if kind == AgendaItemKind.PROPOSAL:
        return _schedulable_proposal(proposal_id, by)
    if kind == AgendaItemKind.REFERRAL:
        return _open_referral(referral_id)
    return None


def _schedulable_proposal(proposal_id, by) -> Proposal:
    if proposal_id is None:
        raise OperationError(_("Choose the proposal to debate."), "proposal_id")
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not can_view_proposal(by, proposal):
        raise OperationError(_("This proposal does not exist."), "proposal_id")
    if proposal.state == ProposalState.SCHEDULED:
        item = current_item_of(proposal)
        raise OperationError(
            _(
                "This proposal is already on the agenda of “%(meeting)s”. Take it off that "
                "agenda first.",
                meeting=item.meeting.title if item else "?",
            ),
            "proposal_id",
        )
    if proposal.state != ProposalState.SUBMITTED:
        raise OperationError(
            _(
                "Only a submitted proposal can be put on an agenda; this one is “%(state)s”.",
                state=state_label(proposal.state),
            ),
            "proposal_id",
        )
    return proposal


def _open_referral(referral_id) -> Referral:
    if referral_id is None:
        raise OperationError(_("Choose the question from the city."), "referral_id")
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        raise OperationError(_("This question from the city does not exist."), "referral_id")
    if referral.status != ReferralStatus.OPEN:
        raise OperationError(
            _(
                "This question from the city is no longer open: it is %(status)s.",
                status=referral.status.label,
            ),
            "referral_id",
        )
    return referral


def subject_title(subject) -> str:
    if isinstance(subject, Proposal):
        return subject.title
    if isinstance(subject, Referral):
        return subject.question
    return ""


def link_columns(subject) -> dict:
    if isinstance(subject, Proposal):
        return {"proposal_id": subject.id}
    if isinstance(subject, Referral):
        return {"referral_id": subject.id}
    return {}


def on_item_added(item: AgendaItem, subject, by) -> None:
    """Scheduling a proposal on an agenda moves it to `scheduled`."""
    if isinstance(subject, Proposal):
        proposals.schedule_proposal(subject, by)


def still_waiting_on(item: AgendaItem) -> Proposal | None:
    """The item's proposal, if it is still scheduled because of this very item."""
    proposal = item.proposal
    if proposal is None or proposal.state != ProposalState.SCHEDULED:
        return None
    current = current_item_of(proposal)
    return proposal if current is not None and current.id == item.id else None


def on_item_removed(item: AgendaItem, by) -> None:
    proposal = still_waiting_on(item)
    if proposal is not None:
        proposals.return_to_submitted(proposal, by)


def on_meeting_ended(meeting, by) -> None:
    """A cancelled meeting, or one closed without deciding, gives its proposals back."""
    for item in meeting.items:
        on_item_removed(item, by)


# --- what the pages show -----------------------------------------------------------------


def _prefetch_subjects(meeting) -> None:
    """The translations of every item's subject in one statement per kind (cached for the
    request: the agenda asks item by item)."""
    prefetch_translations("proposal", [i.proposal_id for i in meeting.items if i.proposal_id])
    prefetch_translations("referral", [i.referral_id for i in meeting.items if i.referral_id])


def _subject_passage(item: AgendaItem):
    """The title of what the item is about, by the one rule of which language a text is shown
    in (translations_content/choice.py), when the reader may see it."""
    _prefetch_subjects(item.meeting)
    if item.proposal is not None and can_view_proposal(current_user, item.proposal):
        return passage("proposal", item.proposal, "title")
    if item.referral is not None:
        return passage("referral", item.referral, "question")
    return None


def item_title(item: AgendaItem):
    """An item titled as its proposal or question shows that title by the same rule (a
    translation when there is one); None for a title the secretary wrote (shown as written)."""
    shown = _subject_passage(item)
    if shown is None or item.title != subject_title(item.proposal or item.referral):
        return None
    return shown


def item_link(item: AgendaItem) -> dict | None:
    """Where an item's proposal or question lives, if the reader may see it."""
    shown = _subject_passage(item)
    if shown is None:
        return None
    if item.proposal is not None and shown.kind == "proposal":
        return {
            "url": url_for("proposals.show", proposal_id=item.proposal_id),
            "passage": shown,
            "state": state_label(item.proposal.state),
            "kind": "proposal",
        }
    return {
        "url": url_for("referrals.show", referral_id=item.referral_id),
        "passage": shown,
        "state": str(item.referral.status.label),
        "kind": "referral",
    }
