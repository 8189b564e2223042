"""Building recommendations for tests through the real operations (a real poll adopts them)."""

from datetime import date, timedelta

from sqlalchemy import delete

from council.db_types import utcnow
from council.extensions import db
from council.mail.models import OutboxMessage
from council.polls import operations as polls
from council.proceedings import close_poll
from council.recommendations import operations
from council.recommendations.models import Recommendation
from council.roles import Role
from council.services import operations as services
from tests.meeting_helpers import open_poll, session_with
from tests.proposal_factories import a_submitted


def a_council(make_user):
    """(secretary, members, meeting in session) in which proposals get adopted."""
    return session_with(make_user, members=3)


def adopted(council, *, title="Des logements pour tous", body="Plus de **logements**.",
            summary="Plus de logements.", language="fr", suggested=(), outcome="for"):  # fmt: skip
    """A recommendation from a proposal adopted by a real electronic poll (or None when the
    members vote `outcome="against"`)."""
    secretary, members, meeting = council
    proposal = a_submitted(
        members[0], members[1:], title=title, body=body, summary=summary, language=language,
        services=suggested,
    )  # fmt: skip
    poll = open_poll(meeting, secretary)
    for voter in (secretary, *members):
        polls.cast_ballot(poll, voter, choice=outcome)
    result = close_poll(poll, secretary)
    recommendation = operations.create_recommendation(proposal, secretary, result=result)
    # The proposal's own life (submitted, adopted) mailed its supporters; recommendation tests
    # look only at what the recommendation sends, so they start from an empty outbox.
    db.session.execute(delete(OutboxMessage))
    db.session.commit()
    return recommendation


def a_service(name="Direction de l'habitat", email="habitat@ville.example"):
    service = services.create_service(name, email)
    db.session.commit()
    return service


def an_official(make_user, service, email, **kwargs):
    return make_user(Role.OFFICIAL, email=email, services=[service], **kwargs)


def transmit(council, recommendation, service_list, *, days_ago=0, deadline=None):
    now = utcnow() - timedelta(days=days_ago)
    if recommendation.adopted_at > now:  # a past transmission follows a past adoption
        recommendation.adopted_at = now - timedelta(hours=1)
    operations.transmit_recommendation(
        recommendation,
        council[0],
        services=service_list,
        deadline=deadline,
        now=now,
    )
    db.session.commit()
    return recommendation


def sample_recommendation(ids, service) -> dict[str, int]:
    """For the route-policy test: direct rows (its poll is only prepared, never voted)."""
    from council.polls.models import PollResult
    from council.recommendations.models import Commitment, Response, ResponseVersion

    db.session.add(
        PollResult(
            poll_id=ids["poll_id"], votes_for=3, votes_against=0, votes_abstain=0,
            majority="simple", secrecy="named", mode="in_meeting", method="electronic",
            members_in_office=3, quorum_needed=2, quorum_count=3, quorum_reached=True,
            outcome="adopted", entitled_ids=[], present_ids=[], proxies=[], audit_head="0" * 64,
        )
    )  # fmt: skip
    recommendation = Recommendation(
        proposal_id=ids["proposal_id"], poll_id=ids["poll_id"], meeting_id=ids["meeting_id"],
        title="Sample", body="Body", language="fr", state="transmitted",
        transmitted_at=utcnow(), deadline=date.today() + timedelta(days=60),
        services=[service],
    )  # fmt: skip
    db.session.add(recommendation)
    db.session.flush()
    response = Response(recommendation_id=recommendation.id, service_id=service.id)
    response.versions.append(ResponseVersion(number=1, status="accepted", justification=""))
    commitment = Commitment(text="Do it", target_date=date(2030, 1, 1), added_in=1)
    response.commitments.append(commitment)
    db.session.add(response)
    db.session.flush()
    return {"recommendation_id": recommendation.id, "commitment_id": commitment.id}
