"""Demo: two proposals adopted at a winter plenary become transmitted recommendations — one
answered (partially accepted, two commitments with follow-ups), one overdue for both services
it addresses. Idempotent: the winter plenary is found again by its title.

The other demo proposals keep the states the proposals demo gave them (its test wants every
state represented)."""

from datetime import timedelta

from sqlalchemy import select

from council import proceedings
from council.accounts.operations import find_user_by_email
from council.db_types import utcnow
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings import queries as meeting_queries
from council.meetings.demo import _meeting, show_of_hands
from council.meetings.models import Meeting
from council.proposals import operations as proposals
from council.proposals.models import Proposal, ProposalState
from council.recommendations import operations
from council.recommendations.models import Recommendation
from council.services.models import Service

MEETING_TITLE = "Séance plénière d'hiver"
HOUSING = "Rendre visible l'attente pour un logement social"
RIGHTS = "Une permanence d'accès aux droits dans chaque quartier"
HABITAT, SANTE, EDUCATION = "Direction de l'habitat", "Santé publique", "Éducation et jeunesse"


def _proposal(title: str) -> Proposal | None:
    return db.session.scalar(select(Proposal).where(Proposal.title == title))


def _service(name: str) -> Service | None:
    return db.session.scalar(select(Service).where(Service.name == name))


def _adopt_all(secretary, titles) -> dict[str, object]:
    """One paper poll per proposal at a past plenary; returns {title: poll result}."""

    meeting = db.session.scalar(select(Meeting).where(Meeting.title == MEETING_TITLE))
    if meeting is not None:
        return {}
    meeting = _meeting(MEETING_TITLE, utcnow() - timedelta(days=85))
    items = {
        title: meetings.add_agenda_item(meeting, "other", title[:200], "", secretary)
        for title in titles
    }
    meetings.start_session(meeting, secretary)
    present = meeting_queries.entitled_members(meeting)
    for member in present:
        meetings.record_attendance(meeting, member, "present", secretary)
    results = {}
    for title, item in items.items():
        counts = (len(present) - 3, 2, 1)
        results[title] = show_of_hands(item, secretary, "Adopter la proposition ?", counts)
    proceedings.close_meeting(meeting, secretary)
    return results


def _recommend(title, result, secretary) -> Recommendation | None:
    proposal = _proposal(title)
    if proposal is None or result is None:
        return None
    if proposal.state == ProposalState.SUBMITTED:
        proposals.schedule_proposal(proposal, secretary)
    if proposal.state == ProposalState.SCHEDULED:
        proposals.adopt_proposal(proposal, secretary)
    recommendation = operations.create_recommendation(proposal, result, secretary)
    # Demo history: adopted at the winter plenary, not when the demo was loaded.
    recommendation.adopted_at = result.poll.item.meeting.starts_at + timedelta(hours=1)
    return recommendation


def _answer_housing(recommendation, habitat, official) -> None:
    now = utcnow()
    answered = now - timedelta(days=25)
    today = answered.date()
    operations.respond_to_recommendation(
        recommendation,
        habitat,
        official,
        "partially_accepted",
        "Nous publierons les délais d'attente chaque année. Un accompagnement avec interprète "
        "demande un budget que nous étudions ; les justificatifs demandés sont déjà ceux de "
        "la loi.",
        [
            {
                "text": "Publier le délai moyen d'attente par quartier.",
                "target_date": today + timedelta(days=60),
            },
            {
                "text": "Ouvrir une permanence logement le samedi matin avec interprète.",
                "target_date": today + timedelta(days=150),
            },
        ],  # fmt: skip
        now=answered,
    )
    first, second = recommendation.response_of(habitat).live_commitments
    operations.post_follow_up(
        first, official, "in_progress", "Données collectées pour 8 quartiers sur 12.", 60,
        now.date() - timedelta(days=10),
    )  # fmt: skip
    operations.post_follow_up(
        second, official, "planned", "Recherche d'une salle en cours.", None,
        now.date() - timedelta(days=5),
    )  # fmt: skip


def load_demo() -> None:
    secretary = find_user_by_email("secretaire@council.example")
    habitat, sante = _service(HABITAT), _service(SANTE)
    official = find_user_by_email("habitat@council.example")
    if None in (secretary, habitat, sante, official) or _proposal(HOUSING) is None:
        return
    results = _adopt_all(secretary, (HOUSING, RIGHTS))
    if not results:
        return  # already loaded
    now = utcnow()
    housing = _recommend(HOUSING, results[HOUSING], secretary)
    rights = _recommend(RIGHTS, results[RIGHTS], secretary)
    db.session.flush()
    if housing is not None:
        operations.transmit_recommendation(
            housing, secretary, [habitat], now=now - timedelta(days=40)
        )
        _answer_housing(housing, habitat, official)
    if rights is not None:  # never answered: overdue since 15 days
        addressed = [s for s in (sante, _service(EDUCATION)) if s is not None]
        operations.transmit_recommendation(
            rights, secretary, addressed, now=now - timedelta(days=75)
        )
    db.session.flush()
