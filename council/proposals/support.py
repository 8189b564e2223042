"""Co-authors and co-signatures: who writes a proposal with its author, and who supports it.

Adding a row is one `INSERT … ON CONFLICT DO NOTHING` on a UNIQUE key (never check-then-insert),
so two clicks at the same moment make one row and the second person gets a clear message.
"""

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from council import signals
from council.db_types import utcnow
from council.errors import OperationError
from council.extensions import db
from council.notifications.models import NotificationKind
from council.notifications.operations import notify
from council.permissions import is_member
from council.proposals import permissions as can
from council.proposals.models import (
    CoauthorStatus,
    Proposal,
    ProposalCoauthor,
    ProposalCosignature,
    ProposalState,
)


def _insert_once(model, **values) -> bool:
    """Insert a row unless its UNIQUE key exists already; True when this call inserted it."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(model.__table__)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(model.__table__.c.id)
    )
    return db.session.execute(statement).scalar() is not None


def cosignature_count(proposal: Proposal) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(ProposalCosignature)
        .where(ProposalCosignature.proposal_id == proposal.id)
    )


def cosigners_of(proposal: Proposal) -> list:
    return [
        row.member
        for row in db.session.scalars(
            select(ProposalCosignature)
            .where(ProposalCosignature.proposal_id == proposal.id)
            .order_by(ProposalCosignature.id)
        )
    ]


def has_cosigned(user, proposal: Proposal) -> bool:
    if not user.is_authenticated:
        return False
    return (
        db.session.scalar(
            select(ProposalCosignature.id).where(
                ProposalCosignature.proposal_id == proposal.id,
                ProposalCosignature.member_id == user.id,
            )
        )
        is not None
    )


def _check_supportable(proposal: Proposal) -> None:
    open_draft = proposal.is_open_for_support
    if not (open_draft or proposal.state == ProposalState.SUBMITTED):
        raise OperationError(_("This proposal cannot be co-signed or un-signed any more."))


def cosign_proposal(proposal: Proposal, by) -> None:
    if not can.can_cosign_proposal(by, proposal):
        raise OperationError(_("You cannot co-sign this proposal."))
    _check_supportable(proposal)
    now = utcnow()
    inserted = _insert_once(
        ProposalCosignature, proposal_id=proposal.id, member_id=by.id, signed_at=now
    )
    if not inserted:
        raise OperationError(_("You have already co-signed this proposal."))
    proposal.last_activity_at = now
    db.session.flush()
    signals.proposal_cosigned.send(proposal, by=by)


def remove_cosignature(proposal: Proposal, by) -> None:
    """Take one's support back, until the proposal is put on a meeting's agenda."""
    _check_supportable(proposal)
    result = db.session.execute(
        delete(ProposalCosignature).where(
            ProposalCosignature.proposal_id == proposal.id,
            ProposalCosignature.member_id == by.id,
        )
    )
    if result.rowcount != 1:
        raise OperationError(_("You have not co-signed this proposal."))
    proposal.last_activity_at = utcnow()
    db.session.flush()


def invite_coauthor(proposal: Proposal, by, *, person) -> ProposalCoauthor:
    if not can.can_invite_coauthor(by, proposal):
        raise OperationError(_("You cannot invite co-authors to this proposal."))
    if person is None or not is_member(person) or person.id == proposal.author_id:
        raise OperationError(_("Choose another council member."), "member_id")
    existing = proposal.coauthor_row(person)
    if existing is not None and existing.status != CoauthorStatus.DECLINED:
        raise OperationError(_("This member is already invited."), "member_id")
    if existing is not None:  # asked again after declining: a new question
        existing.status = CoauthorStatus.INVITED
        existing.invited_at = utcnow()
        existing.responded_at = None
        db.session.flush()
    elif not _insert_once(ProposalCoauthor, proposal_id=proposal.id, user_id=person.id):
        raise OperationError(_("This member is already invited."), "member_id")
    db.session.expire(proposal, ["coauthors"])
    _tell_invited(proposal, by, person)
    return proposal.coauthor_row(person)


def _tell_invited(proposal: Proposal, by, person) -> None:
    link = f"/proposals/{proposal.id}"  # public URL contract; also valid outside a request
    notify(
        [person],
        NotificationKind.COAUTHOR_INVITATION,
        proposal.title,
        link,
        actor=by.display_name,
    )


def respond_to_coauthorship(proposal: Proposal, by, *, accept: bool) -> None:
    """The invited member confirms (and may then edit) or declines."""
    if not can.can_respond_to_coauthorship(by, proposal):
        raise OperationError(_("There is no co-author invitation waiting for you here."))
    status = CoauthorStatus.ACCEPTED if accept else CoauthorStatus.DECLINED
    result = db.session.execute(
        update(ProposalCoauthor)
        .where(
            ProposalCoauthor.proposal_id == proposal.id,
            ProposalCoauthor.user_id == by.id,
            ProposalCoauthor.status == CoauthorStatus.INVITED,
        )
        .values(status=status, responded_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount != 1:
        raise OperationError(_("There is no co-author invitation waiting for you here."))
    if accept:
        # An author does not support their own text: a co-signature given earlier is dropped.
        db.session.execute(
            delete(ProposalCosignature).where(
                ProposalCosignature.proposal_id == proposal.id,
                ProposalCosignature.member_id == by.id,
            )
        )
    proposal.last_activity_at = utcnow()
    db.session.flush()
    db.session.expire(proposal, ["coauthors"])
