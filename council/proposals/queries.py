"""Finding proposals: the public list (filters, sort, search) and a member's own proposals."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from council.extensions import db
from council.proposals import search
from council.proposals.models import (
    CoauthorStatus,
    Proposal,
    ProposalCoauthor,
    ProposalCosignature,
    ProposalState,
    proposal_services,
)
from council.proposals.permissions import public_from_state

PER_PAGE = 20
SORTS = ("newest", "supported", "active")


@dataclass
class Filters:
    state: str = ""
    theme_id: int | None = None
    service_id: int | None = None
    language: str = ""
    query: str = ""
    sort: str = "newest"


def public_states() -> list[ProposalState]:
    threshold = public_from_state().rank
    return [s for s in ProposalState if s.rank >= threshold and s.rank > 0]


def _public_condition():
    conditions = [Proposal.state.in_(public_states())]
    if ProposalState.SUBMITTED.rank >= public_from_state().rank:
        # A withdrawn proposal stays public if it had been submitted (it was public then).
        conditions.append(
            (Proposal.state == ProposalState.WITHDRAWN) & Proposal.submitted_at.is_not(None)
        )
    return or_(*conditions)


def cosignature_counts():
    return (
        select(ProposalCosignature.proposal_id, func.count().label("n"))
        .group_by(ProposalCosignature.proposal_id)
        .subquery()
    )


def public_list_query(filters: Filters):
    counts = cosignature_counts()
    support = func.coalesce(counts.c.n, 0).label("support")
    query = (
        select(Proposal, support)
        .outerjoin(counts, counts.c.proposal_id == Proposal.id)
        .where(_public_condition())
    )
    if filters.state:
        query = query.where(Proposal.state == ProposalState(filters.state))
    if filters.theme_id:
        query = query.where(Proposal.theme_id == filters.theme_id)
    if filters.service_id:
        query = query.where(
            Proposal.id.in_(
                select(proposal_services.c.proposal_id).where(
                    proposal_services.c.service_id == filters.service_id
                )
            )
        )
    if filters.language:
        query = query.where(Proposal.language == filters.language)
    ranked = []
    if filters.query:
        dialect = db.session.get_bind().dialect.name
        match = search.match_clause(filters.query, dialect)
        if match is not None:
            query = query.where(match)
            ranked = [search.rank(filters.query).desc()]  # title matches first
    newest = func.coalesce(Proposal.submitted_at, Proposal.created_at)
    order = {
        "newest": [newest.desc()],
        "supported": [support.desc(), newest.desc()],
        "active": [Proposal.last_activity_at.desc()],
    }[filters.sort if filters.sort in SORTS else "newest"]
    return query.order_by(*ranked, *order, Proposal.id.desc())


def drafts_asking_for_support():
    return db.session.scalars(
        select(Proposal)
        .where(Proposal.state == ProposalState.DRAFT, Proposal.support_opened_at.is_not(None))
        .order_by(Proposal.support_opened_at.desc())
    ).all()


def proposals_of(user) -> list[Proposal]:
    """What this member writes: as lead author or as a co-author who accepted."""
    coauthored = select(ProposalCoauthor.proposal_id).where(
        ProposalCoauthor.user_id == user.id, ProposalCoauthor.status == CoauthorStatus.ACCEPTED
    )
    return db.session.scalars(
        select(Proposal)
        .where(or_(Proposal.author_id == user.id, Proposal.id.in_(coauthored)))
        .order_by(Proposal.last_activity_at.desc())
    ).all()


def coauthor_invitations_of(user) -> list[Proposal]:
    waiting = select(ProposalCoauthor.proposal_id).where(
        ProposalCoauthor.user_id == user.id, ProposalCoauthor.status == CoauthorStatus.INVITED
    )
    return db.session.scalars(select(Proposal).where(Proposal.id.in_(waiting))).all()


@dataclass
class Page:
    """One page of results, with what the pagination navigation needs."""

    items: list
    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def paginate(query, number: int, per_page: int = PER_PAGE) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = max(number, 1)
    rows = db.session.execute(query.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(items=[tuple(row) for row in rows], number=number, total=total, per_page=per_page)
