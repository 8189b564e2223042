"""What a person did on the platform, for their "My activity" page (issue 13): proposals,
co-signatures, comments, named votes, proxies given and held, translations, what they follow.

Read-only; each list is the newest LIMIT rows with what its page needs to link to the object.
The full record is the "download my data" file (council/privacy/export.py)."""

from dataclasses import dataclass

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select

from council.comments.models import Comment
from council.comments.subjects import subject_type
from council.extensions import db
from council.meetings.models import Proxy
from council.notifications.models import Follow
from council.notifications.theme_follows import THEME
from council.polls.models import Ballot, Poll
from council.proposals.models import Proposal, ProposalCosignature, Theme
from council.translations_content.models import ContentTranslation
from council.translations_content.queries import prefetch_translations
from council.translations_content.registry import translatable_kind

LIMIT = 50


@dataclass(frozen=True)
class Link:
    """One line of the page: what to show and where it is."""

    text: str
    url: str
    note: str = ""


def _subject_link(kind: str, subject_id: int, anchor: str = "") -> str | None:
    subject = subject_type(kind)
    obj = subject.loader(subject_id) if subject else None
    return subject.url_for_subject(obj) + anchor if obj is not None else None


def _subject_title(kind: str, subject_id: int) -> str:
    subject = subject_type(kind)
    obj = subject.loader(subject_id) if subject else None
    return subject.title_of(obj) if obj is not None else ""


def _followed(row: Follow) -> Link:
    """A followed page, or a followed theme (it leads to the proposals of that theme)."""
    if row.subject_kind == THEME:
        theme = db.session.get(Theme, row.subject_id)
        if theme is None:
            return Link("", "")
        name = theme.name_in(str(get_locale()))
        return Link(_("Theme: %(name)s", name=name), url_for("proposals.index", theme=theme.id))
    return Link(
        _subject_title(row.subject_kind, row.subject_id),
        _subject_link(row.subject_kind, row.subject_id) or "",
    )


def _translated_link(kind: str, subject_id: int) -> Link | None:
    spec = translatable_kind(kind)
    obj = spec.loader(subject_id) if spec else None
    return Link(spec.title_of(obj), spec.url_of(obj)) if obj is not None else None


def _polls(ballots) -> dict[int, Poll]:
    ids = {ballot.poll_id for ballot in ballots}
    if not ids:
        return {}
    return {poll.id: poll for poll in db.session.scalars(select(Poll).where(Poll.id.in_(ids)))}


def activity_of(user) -> dict:
    me = user.id
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.author_id == me).order_by(Proposal.id.desc()).limit(LIMIT)
    ).all()
    cosigned = db.session.scalars(
        select(Proposal)
        .join(ProposalCosignature, ProposalCosignature.proposal_id == Proposal.id)
        .where(ProposalCosignature.member_id == me)
        .order_by(ProposalCosignature.id.desc())
        .limit(LIMIT)
    ).all()
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.author_id == me, Comment.deleted_at.is_(None))
        .order_by(Comment.id.desc())
        .limit(LIMIT)
    ).all()
    ballots = db.session.scalars(
        select(Ballot)
        .where(or_(Ballot.voter_id == me, Ballot.on_behalf_of_id == me))
        .order_by(Ballot.id.desc())
        .limit(LIMIT)
    ).all()
    proxies = db.session.scalars(
        select(Proxy)
        .where(or_(Proxy.giver_id == me, Proxy.holder_id == me))
        .order_by(Proxy.id.desc())
        .limit(LIMIT)
    ).all()
    translations = db.session.scalars(
        select(ContentTranslation)
        .where(ContentTranslation.translator_id == me)
        .order_by(ContentTranslation.id.desc())
        .limit(LIMIT)
    ).all()
    follows = db.session.scalars(
        select(Follow).where(Follow.user_id == me).order_by(Follow.created_at.desc()).limit(LIMIT)
    ).all()
    # The proposals' titles are shown by the language rule: their translations in one read.
    prefetch_translations("proposal", {p.id for p in [*proposals, *cosigned]})
    return {
        "proposals": proposals,
        "cosigned": cosigned,
        "comments": [
            (
                comment,
                _subject_link(comment.subject_kind, comment.subject_id, f"#comment-{comment.id}"),
            )
            for comment in comments
        ],
        "ballots": ballots,
        "polls": _polls(ballots),
        "proxies": proxies,
        "translations": [
            (row, _translated_link(row.subject_kind, row.subject_id)) for row in translations
        ],
        "follows": [_followed(row) for row in follows],
    }
