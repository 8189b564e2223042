"""A council with a submitted proposal, an open question from the city and a planned plenary,
built through the operations; the tests then act over HTTP, as people do."""

from dataclasses import dataclass

from council.extensions import db
from council.meetings import operations as meetings
from council.meetings import queries as meeting_queries
from council.notifications.models import Notification
from council.proposals import operations, support
from council.roles import Role
from tests.meeting_helpers import new_meeting
from tests.proposal_factories import a_draft
from tests.referral_helpers import housing_service, official_of, open_referral


@dataclass
class Council:
    secretary: object
    author: object
    coauthor: object
    cosigners: list
    official: object
    referral: object
    proposal: object
    meeting: object

    @property
    def voters(self):
        return [self.secretary, self.author, self.coauthor, *self.cosigners]


def a_council(make_user, *, answers_referral=True) -> Council:
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org", name="Claire")
    author = make_user(Role.MEMBER, email="fatou@example.org", name="Fatou", locale="fr")
    coauthor = make_user(Role.MEMBER, email="lin@example.org", name="Lin", locale="en")
    cosigners = [
        make_user(Role.MEMBER, email=f"cosigner{i}@example.org", name=f"Cosigner {i}")
        for i in range(2)
    ]
    service = housing_service()
    official = official_of(make_user, service)
    referral = open_referral(official, service)
    proposal = a_draft(author, title="Une permanence d'accès aux droits")
    if answers_referral:
        proposal.referral_id = referral.id
    support.invite_coauthor(proposal, author, person=coauthor)
    support.respond_to_coauthorship(proposal, coauthor, accept=True)
    operations.open_for_support(proposal, author)
    for member in cosigners:
        support.cosign_proposal(proposal, member)
    operations.submit_proposal(proposal, author)
    meeting = new_meeting(secretary, title="Plénière de mai")
    db.session.commit()
    return Council(secretary, author, coauthor, cosigners, official, referral, proposal, meeting)


def start_with_everyone_present(council: Council) -> None:
    meetings.start_session(council.meeting, council.secretary)
    for person in meeting_queries.entitled_members(council.meeting):
        meetings.record_attendance(
            council.meeting, council.secretary, member=person, status="present"
        )
    db.session.commit()


def notifications_of(user, kind="state_change") -> list[Notification]:
    return db.session.scalars(
        db.select(Notification)
        .where(Notification.user_id == user.id, Notification.kind == kind)
        .order_by(Notification.id)
    ).all()


def states_told(user) -> list[str]:
    return [n.params.get("state") for n in notifications_of(user)]
