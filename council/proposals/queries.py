"""Finding proposals: the public list (filters, sort, search) and a member's own proposals."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.orm import defaultload

from council.accounts.models import User
from council.extensions import db
from council.paging import page_rows
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
    """Public proposals with their support, filtered and ordered (title matches first)."""
    if _sort(filters) == "supported":  # ordered by support: every proposal's count is needed
        counts = cosignature_counts()
        support = func.coalesce(counts.c.n, 0).label("support")
        query = select(Proposal, support).outerjoin(counts, counts.c.proposal_id == Proposal.id)
    else:  # counted for the rows of the page only (page_rows): an indexed lookup each
        support = (
            select(func.count())
            .where(ProposalCosignature.proposal_id == Proposal.id)
            .correlate(Proposal)
            .scalar_subquery()
            .label("support")
        )
        query = select(Proposal, support)
    query, ranked = _filtered(query, filters)
    order = {
        # Public proposals were all submitted: the indexed date orders them.
        "newest": [Proposal.submitted_at.desc()],
        "supported": [support.desc(), Proposal.submitted_at.desc()],
        "active": [Proposal.last_activity_at.desc()],
    }[_sort(filters)]
    return query.options(*WITHOUT_AUTHORS_ROLES).order_by(*ranked, *order, Proposal.id.desc())


# A list shows its authors' names, never their roles or services: two statements fewer per page
# than the accounts' default (roles loaded with every account, for the permission checks).
WITHOUT_AUTHORS_ROLES = (
    defaultload(Proposal.author).lazyload(User.role_rows),
    defaultload(Proposal.author).lazyload(User.services),
    defaultload(Proposal.coauthors).defaultload(ProposalCoauthor.user).lazyload(User.role_rows),
    defaultload(Proposal.coauthors).defaultload(ProposalCoauthor.user).lazyload(User.services),
)


def public_count_query(filters: Filters):
    """How many public proposals match, without the support counts the list shows."""
    query, _ranked = _filtered(select(func.count(Proposal.id)), filters)
    return query


def _sort(filters: Filters) -> str:
    return filters.sort if filters.sort in SORTS else "newest"


def keyset_column(filters: Filters):
    """The indexed column a page of this list can start after (None: pages by number)."""
    if filters.query:
        return None
    return {"newest": Proposal.submitted_at, "active": Proposal.last_activity_at}.get(
        _sort(filters)
    )


def _filtered(query, filters: Filters):
    query = query.where(_public_condition())
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
    return query, ranked


def drafts_asking_for_support():
    return db.session.scalars(
        select(Proposal)
        .where(Proposal.state == ProposalState.DRAFT, Proposal.support_opened_at.is_not(None))
        .options(*WITHOUT_AUTHORS_ROLES)
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
        .options(*WITHOUT_AUTHORS_ROLES)
        .order_by(Proposal.last_activity_at.desc())
    ).all()


def coauthor_invitations_of(user) -> list[Proposal]:
    waiting = select(ProposalCoauthor.proposal_id).where(
        ProposalCoauthor.user_id == user.id, ProposalCoauthor.status == CoauthorStatus.INVITED
    )
    return db.session.scalars(select(Proposal).where(Proposal.id.in_(waiting))).all()


@dataclass
class Page:
    """One page of results, with what the pagination navigation needs: the arguments of the
    links to the previous and next pages (a page number, or the proposal a page starts after)."""

    items: list
    number: int
    total: int
    per_page: int = PER_PAGE
    prev_args: dict | None = None
    next_args: dict | None = None

    @property
    def pages(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def has_prev(self) -> bool:
        return self.prev_args is not None

    @property
    def has_next(self) -> bool:
        return self.next_args is not None


def paginate(query, number: int, per_page: int = PER_PAGE, *, total: int) -> Page:
    """A page by number (OFFSET): for orders no index serves (support, search rank)."""
    number = max(number, 1)
    rows = page_rows(query, per_page, (number - 1) * per_page)
    page = Page(items=[tuple(row) for row in rows], number=number, total=total, per_page=per_page)
    page.prev_args = {"page": number - 1} if number > 1 else None
    page.next_args = {"page": number + 1} if number < page.pages else None
    return page


def keyset_paginate(query, column, *, before: int | None, after: int | None, number: int,
                    total: int, per_page: int = PER_PAGE) -> Page:  # fmt: skip
    """A page that starts after a given proposal in `column` order (newest first): the same
    cost for the first page and the five-hundredth. `before`: the page after that proposal;
    `after`: the page before it."""
    query = query.order_by(None)
    pivot_id = before or after
    if pivot_id:
        pivot = select(column).where(Proposal.id == pivot_id).scalar_subquery()
        key = tuple_(column, Proposal.id)
        query = query.where(
            key < tuple_(pivot, pivot_id) if before else key > tuple_(pivot, pivot_id)
        )
    if after:
        query = query.order_by(column.asc(), Proposal.id.asc())
    else:
        query = query.order_by(column.desc(), Proposal.id.desc())
    rows = [tuple(row) for row in page_rows(query, per_page + 1)]
    more = len(rows) > per_page
    rows = rows[:per_page]
    if after:
        rows.reverse()
    page = Page(items=rows, number=max(number, 1), total=total, per_page=per_page)
    if not rows:
        return page
    first, last = rows[0][0].id, rows[-1][0].id
    if (more and after) or before:
        page.prev_args = {"after": first, "page": page.number - 1} if page.number > 2 else {}
    if (more and not after) or after:
        page.next_args = {"before": last, "page": page.number + 1}
    return page
