"""The objects files may be attached to, and who may read them or attach files to them.

A file is exactly as readable as its object: each kind reuses its own domain's predicates
(a draft proposal's photo is seen by those who may see the draft, draft minutes' annex by the
council). Attaching follows who writes the object: a proposal's authors while they may edit it,
the secretary for meetings, agenda items and minutes (until the minutes are approved: frozen
with them), a service's officials for its referrals, responses and follow-ups.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for

from council.attachments.models import OwnerKind
from council.extensions import db
from council.meetings.models import AgendaItem, Meeting, MeetingState
from council.meetings.permissions import can_manage_meeting
from council.minutes.models import Minutes
from council.minutes.permissions import can_read_minutes, can_write_minutes
from council.permissions import is_official
from council.proposals.models import Proposal
from council.proposals.permissions import can_edit_proposal, can_view_proposal, is_public
from council.recommendations.models import FollowUp, Response
from council.recommendations.permissions import can_read_recommendation
from council.referrals.models import Referral, ReferralStatus
from council.referrals.permissions import can_read_referral, can_refer_for


@dataclass(frozen=True)
class Owner:
    kind: OwnerKind
    model: type
    can_read: Callable[[object, object], bool]
    can_attach: Callable[[object, object], bool]
    is_public: Callable[[object], bool]
    url_of: Callable[[object], str]


def _official_of(user, service) -> bool:
    return bool(is_official(user) and any(s.id == service.id for s in user.services))


def _meeting_open_to_papers(user, meeting: Meeting) -> bool:
    return can_manage_meeting(user, meeting) and meeting.state != MeetingState.CANCELLED


def _minutes_attachable(user, minutes: Minutes) -> bool:
    return can_write_minutes(user) and minutes.is_draft


def _referral_attachable(user, referral: Referral) -> bool:
    return referral.status == ReferralStatus.OPEN and can_refer_for(user, referral.service)


def _response_attachable(user, response: Response) -> bool:
    return response.recommendation.is_public and _official_of(user, response.service)


def _follow_up_attachable(user, follow_up: FollowUp) -> bool:
    return _official_of(user, follow_up.commitment.response.service)


def _recommendation_url(response: Response, anchor: str) -> str:
    return url_for(
        "recommendations.show", recommendation_id=response.recommendation_id, _anchor=anchor
    )


OWNERS = {
    owner.kind: owner
    for owner in (
        Owner(
            OwnerKind.PROPOSAL, Proposal, can_view_proposal, can_edit_proposal, is_public,
            lambda p: url_for("proposals.show", proposal_id=p.id),
        ),
        Owner(
            OwnerKind.MEETING, Meeting, lambda user, meeting: True, _meeting_open_to_papers,
            lambda meeting: True, lambda m: url_for("meetings.show", meeting_id=m.id),
        ),
        Owner(
            OwnerKind.AGENDA_ITEM, AgendaItem, lambda user, item: True,
            lambda user, item: _meeting_open_to_papers(user, item.meeting), lambda item: True,
            lambda i: url_for("meetings.show", meeting_id=i.meeting_id, _anchor=f"item-{i.id}"),
        ),
        Owner(
            OwnerKind.MINUTES, Minutes, can_read_minutes, _minutes_attachable,
            lambda minutes: minutes.is_public,
            lambda m: url_for("minutes.show", meeting_id=m.meeting_id),
        ),
        Owner(
            OwnerKind.REFERRAL, Referral, can_read_referral, _referral_attachable,
            lambda referral: True, lambda r: url_for("referrals.show", referral_id=r.id),
        ),
        Owner(
            OwnerKind.RESPONSE, Response,
            lambda user, response: can_read_recommendation(user, response.recommendation),
            _response_attachable, lambda response: response.recommendation.is_public,
            lambda r: _recommendation_url(r, f"response-{r.id}"),
        ),
        Owner(
            OwnerKind.FOLLOW_UP, FollowUp,
            lambda user, f: can_read_recommendation(user, f.commitment.response.recommendation),
            _follow_up_attachable,
            lambda f: f.commitment.response.recommendation.is_public,
            lambda f: _recommendation_url(f.commitment.response, f"follow-up-{f.id}"),
        ),
    )
}  # fmt: skip


def owner_of_kind(kind: str) -> Owner | None:
    try:
        return OWNERS[OwnerKind(kind)]
    except ValueError:
        return None


def load_owner(kind: str, owner_id: int):
    """(Owner, object) or (None, None) for an unknown kind or id."""
    owner = owner_of_kind(kind)
    obj = db.session.get(owner.model, owner_id) if owner else None
    return (owner, obj) if obj is not None else (None, None)


def owner_object(attachment):
    owner = OWNERS[attachment.owner_kind]
    return owner, db.session.get(owner.model, attachment.owner_id)
