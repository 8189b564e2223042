"""Who hears of what: notifications hung on `council.signals` (issue 13).

Each receiver names the people concerned, keeps only those who may read the object (a member
who follows a proposal later turned back into a private draft hears nothing of it), leaves out
the one who acted, and calls `notify`. `params["event"]` says which sentence of the kind to show.
"""

from sqlalchemy import select

from council import signals
from council.accounts.models import User, UserRole
from council.extensions import db
from council.meetings.models import Meeting
from council.meetings.queries import entitled_members, members_in_office
from council.notifications.models import NotificationKind
from council.notifications.operations import followers_of, notify
from council.proposals.support import cosigners_of
from council.recommendations.permissions import can_read_recommendation
from council.roles import Role
from council.services.models import Service


def _except_actor(people, by) -> list:
    acting = None if by is None else by.id
    return [person for person in people if person is not None and person.id != acting]


def _people_with_role(role: Role) -> list:
    return list(
        db.session.scalars(
            select(User)
            .where(User.is_active_account, User.role_rows.any(UserRole.role == role))
            .order_by(User.id)
        )
    )


def _proposal_authors(proposal) -> list:
    return [proposal.author, *(row.user for row in proposal.confirmed_coauthors)]


def recommendation_audience(recommendation) -> list:
    """The proposal's authors and co-signers, and whoever follows the recommendation or its
    proposal: those who may read it."""
    proposal = recommendation.proposal
    people = [
        *_proposal_authors(proposal),
        *cosigners_of(proposal),
        *followers_of("proposal", proposal.id),
        *followers_of("recommendation", recommendation.id),
    ]
    return [p for p in people if p is not None and can_read_recommendation(p, recommendation)]


def _service_params(service_id: int) -> dict:
    service = db.session.get(Service, service_id)
    return {"service_id": service_id, "service": service.name if service else ""}


def _tell_city_answer(recommendation, by, event: str, service_id: int, **more) -> None:
    notify(
        _except_actor(recommendation_audience(recommendation), by),
        NotificationKind.CITY_ANSWER,
        recommendation.title,
        f"/recommendations/{recommendation.id}",
        event=event,
        **_service_params(service_id),
        **more,
    )


@signals.response_posted.connect
def _response_posted(recommendation, *, service_id, version, by=None, **extra) -> None:
    event = "answered" if version.number == 1 else "revised"
    _tell_city_answer(recommendation, by, event, service_id)


@signals.follow_up_posted.connect
def _follow_up_posted(recommendation, *, service_id, by=None, **extra) -> None:
    _tell_city_answer(recommendation, by, "follow_up", service_id)


@signals.deadline_reached.connect
def _deadline_reached(recommendation, *, service_id, deadline, by=None, **extra) -> None:
    _tell_city_answer(recommendation, by, "missed", service_id, deadline=deadline.isoformat())


@signals.deadline_near.connect
def _deadline_near(recommendation, *, service_id, deadline, by=None, **extra) -> None:
    service = db.session.get(Service, service_id)
    notify(
        list(service.officials) if service else [],
        NotificationKind.DEADLINE_SOON,
        recommendation.title,
        "/inbox",
        deadline=deadline.isoformat(),
        **_service_params(service_id),
    )


@signals.recommendation_adopted.connect
def _recommendation_adopted(recommendation, *, by=None, **extra) -> None:
    notify(
        _except_actor(_people_with_role(Role.SECRETARY), by),
        NotificationKind.SECRETARIAT_TASK,
        recommendation.title,
        f"/recommendations/{recommendation.id}/transmit",
        event="transmit",
    )


@signals.meeting_closed.connect
def _meeting_closed(meeting, *, minutes, by=None, **extra) -> None:
    notify(
        _except_actor(_people_with_role(Role.SECRETARY), by),
        NotificationKind.SECRETARIAT_TASK,
        meeting.title,
        f"/meetings/{meeting.id}/minutes",
        event="minutes",
    )


@signals.proposal_cosigned.connect
def _proposal_cosigned(proposal, *, by=None, **extra) -> None:
    notify(
        _except_actor(_proposal_authors(proposal), by),
        NotificationKind.PROPOSAL_COSIGNED,
        proposal.title,
        f"/proposals/{proposal.id}",
        actor=by.display_name if by is not None else "",
    )


def _tell_holder(proxy, event: str, by) -> None:
    # By ids: a withdrawn proxy is a deleted row (its relationships may not load).
    holder = db.session.get(User, proxy.holder_id)
    giver = db.session.get(User, proxy.giver_id)
    meeting = db.session.get(Meeting, proxy.meeting_id)
    notify(
        _except_actor([holder], by),
        NotificationKind.PROXY,
        meeting.title,
        f"/meetings/{meeting.id}",
        event=event,
        actor=giver.display_name if giver else "",
        starts_at=meeting.starts_at.isoformat(),
    )


@signals.proxy_given.connect
def _proxy_given(proxy, *, by=None, **extra) -> None:
    _tell_holder(proxy, "given", by)


@signals.proxy_withdrawn.connect
def _proxy_withdrawn(proxy, *, by=None, **extra) -> None:
    _tell_holder(proxy, "withdrawn", by)


def _tell_members_of_meeting(meeting, event: str, by, **more) -> None:
    notify(
        _except_actor(entitled_members(meeting), by),
        NotificationKind.MEETING,
        meeting.title,
        f"/meetings/{meeting.id}",
        event=event,
        starts_at=meeting.starts_at.isoformat(),
        place=meeting.place,
        ics=f"/meetings/{meeting.id}.ics",
        **more,
    )


@signals.meeting_scheduled.connect
def _meeting_scheduled(meeting, *, by=None, **extra) -> None:
    _tell_members_of_meeting(meeting, "scheduled", by)


def _what_changed(changes: dict) -> dict:
    """The former date and place, for the sentence "… (it was …)" (JSON values only)."""
    before = {}
    if "starts_at" in changes:
        before["was_starts_at"] = changes["starts_at"][0].isoformat()
    if "ends_at" in changes:
        before["ends_at"] = changes["ends_at"][1].isoformat()
    if "place" in changes:
        before["was_place"] = changes["place"][0] or ""
    if "online_url" in changes:
        before["new_link"] = True
    return before


@signals.meeting_changed.connect
def _meeting_changed(meeting, *, by=None, changes=None, **extra) -> None:
    _tell_members_of_meeting(meeting, "changed", by, **_what_changed(changes or {}))


@signals.meeting_cancelled.connect
def _meeting_cancelled(meeting, *, by=None, reason="", **extra) -> None:
    _tell_members_of_meeting(meeting, "cancelled", by, reason=reason or "")


@signals.agenda_published.connect
def _agenda_published(meeting, *, by=None, **extra) -> None:
    # The agenda as published goes with the email (a later change is published again).
    _tell_members_of_meeting(meeting, "agenda", by, items=[item.title for item in meeting.items])


@signals.poll_opened.connect
def _poll_opened(poll, *, by=None, **extra) -> None:
    meeting = poll.meeting
    notify(
        _except_actor(entitled_members(meeting), by),
        NotificationKind.POLL_OPENED,
        poll.item.title,
        f"/meetings/{meeting.id}",
        meeting=meeting.title,
    )


@signals.minutes_published.connect
def _minutes_published(minutes, *, by=None, **extra) -> None:
    notify(
        _except_actor(members_in_office(), by),
        NotificationKind.MINUTES_PUBLISHED,
        minutes.meeting.title,
        f"/meetings/{minutes.meeting_id}/minutes",
    )
