"""Demo: a past plenary run to the end (attendance, a proxy, a named poll, a paper tally) and
an upcoming one. Idempotent: meetings are found by title."""

from datetime import timedelta

from sqlalchemy import select

from council import proceedings
from council.accounts.models import User
from council.db_types import utcnow
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings import proposal_bridge
from council.meetings import queries as meeting_queries
from council.meetings.models import Meeting, MeetingKind
from council.polls import operations as polls

PAST_TITLE = "Séance plénière de printemps"
NEXT_TITLE = "Séance plénière d'automne"
# Demo proposals (proposals/demo.py): voted at the past meeting, and on the next agenda.
VOTED_PROPOSAL = "Rendre visible l'attente pour un logement social"
NEXT_PROPOSAL = "Belediye yazışmalarının sade dille yazılması"


def _proposal_item(meeting, title: str, description: str, secretary, fallback: str):
    """An item on a submitted demo proposal, or a plain item if it is not there to schedule."""
    ids = {name: proposal_id for proposal_id, name in proposal_bridge.proposal_choices()}
    if title in ids:
        return meetings.add_agenda_item(
            meeting, "proposal", "", description, secretary, proposal_id=ids[title]
        )
    return meetings.add_agenda_item(meeting, "other", fallback, description, secretary)


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _meeting(title, starts_at) -> Meeting:
    meeting = Meeting(
        kind=MeetingKind.PLENARY,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Hôtel de ville, salle du conseil",
        interpretation=True,
        step_free=True,
        accessibility_notes="Interprétation en arabe, dari et ukrainien.",
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def show_of_hands(item, secretary, question: str, counts: tuple[int, int, int]):
    """A paper (show-of-hands) poll on `item`, opened, counted (for, against, abstain) and
    closed by the secretary: its frozen result."""
    poll = polls.prepare_poll(
        item,
        secretary,
        question=question,
        majority="simple",
        secrecy="named",
        mode="in_meeting",
        method="paper",
    )
    polls.open_poll(poll, secretary)
    votes_for, against, abstain = counts
    polls.enter_paper_tally(poll, secretary, votes_for=votes_for, against=against, abstain=abstain)
    return proceedings.close_poll(poll, secretary)


def _run_past_meeting(secretary: User, members: list[User]) -> None:
    meeting = _meeting(PAST_TITLE, utcnow() - timedelta(days=30))
    minutes = meetings.add_agenda_item(
        meeting, "minutes_approval", "Approbation du compte rendu précédent", "", secretary
    )
    housing = _proposal_item(
        meeting,
        VOTED_PROPOSAL,
        "Délais d'attente et accompagnement.",
        secretary,
        "Accès au logement social",
    )
    meetings.give_proxy(meeting, members[1], members[2], secretary)
    meetings.start_session(meeting, secretary)
    for index, member in enumerate(meeting_queries.entitled_members(meeting)):
        status = "present" if index % 5 != 4 and member.id != members[1].id else "excused"
        meetings.record_attendance(meeting, member, status, secretary)
    named = polls.prepare_poll(
        housing,
        secretary,
        question="Adopter la proposition sur l'attente d'un logement social ?",
        majority="simple",
        secrecy="named",
        mode="in_meeting",
        method="electronic",
    )
    polls.open_poll(named, secretary)
    present = set(named.present_ids)
    choices = ["for", "for", "for", "against", "abstain"]
    for index, member_id in enumerate(sorted(present)):
        voter = db.session.get(User, member_id)
        polls.cast_ballot(named, voter, choice=choices[index % len(choices)])
    polls.cast_ballot(named, members[2], choice="for", on_behalf_of_id=members[1].id)
    proceedings.close_poll(named, secretary)
    show_of_hands(minutes, secretary, "Approuver le compte rendu ?", (len(present) - 2, 0, 2))
    proceedings.close_meeting(meeting, secretary)


def load_demo() -> None:
    secretary = _user("secretaire@council.example")
    members = [
        m for m in meeting_queries.members_in_office() if m.email.endswith("@council.example")
    ]
    if secretary is None or len(members) < 5:
        return
    titles = set(db.session.scalars(select(Meeting.title)))
    if PAST_TITLE not in titles:
        _run_past_meeting(secretary, members)
    if NEXT_TITLE not in titles:
        upcoming = _meeting(NEXT_TITLE, utcnow().replace(microsecond=0) + timedelta(days=20))
        meetings.add_agenda_item(
            upcoming, "information", "Point d'information de la mairie", "", secretary
        )
        _proposal_item(upcoming, NEXT_PROPOSAL, "", secretary, "Courriers de la mairie")
        meetings.add_agenda_item(upcoming, "other", "Questions diverses", "", secretary)
