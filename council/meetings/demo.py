"""Demo meetings: four past plenaries, each scheduled a month before, held on a weekday evening
(attendance, proxies, votes on the proposals put on its agenda) and closed; an upcoming plenary
with a proposal on its agenda and an upcoming working group. Dates come from
council/demo_calendar.py, titles from the month they fall in. Idempotent: a meeting of the
story is found again by its title.

The proposals each meeting votes are the demo proposals that name it (proposals/demo.py:
`meeting`, `vote`); their adoption makes the recommendations (proposal_bridge)."""

from datetime import timedelta

from sqlalchemy import select

from council import proceedings
from council.accounts.models import User
from council.demo_calendar import at, at_moment, evening, meeting_day, month_of
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings import proposal_bridge
from council.meetings import queries as meeting_queries
from council.meetings.changes import publish_agenda
from council.meetings.models import Meeting, MeetingKind
from council.polls import operations as polls
from council.proposals.demo import PROPOSALS

PLACE = "Hôtel de ville, salle du conseil"
# Days from today around which each meeting of the story falls (see demo_calendar.evening).
PAST_MEETINGS = {"m1": -180, "m2": -124, "m3": -89, "m4": -40}
NEXT_DAYS, GROUP_DAYS = 10, 24

PAST_TITLE = f"Séance plénière {month_of(PAST_MEETINGS['m4'])}"
NEXT_TITLE = f"Séance plénière {month_of(NEXT_DAYS)}"
GROUP_TITLE = f"Groupe de travail « Accès aux droits » {month_of(GROUP_DAYS)}"
TITLES = {key: f"Séance plénière {month_of(days)}" for key, days in PAST_MEETINGS.items()}
# Demo proposals (proposals/demo.py): voted by name at the past meeting, and on the next agenda.
VOTED_PROPOSAL = "Rendre visible l'attente pour un logement social"
NEXT_PROPOSAL = "Belediye yazışmalarının sade dille yazılması"
HOUSING_QUESTION = "Adopter la proposition sur l'attente d'un logement social ?"
# Paper votes of the show of hands (for, against, abstain), by decision.
HANDS = {"adopted": (12, 3, 2), "rejected": (5, 10, 2)}


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _proposal_item(meeting, title: str, description: str, secretary, fallback: str):
    """An item on a submitted demo proposal, or a plain item if it is not there to schedule."""
    ids = {name: proposal_id for proposal_id, name in proposal_bridge.proposal_choices()}
    if title in ids:
        return meetings.add_agenda_item(
            meeting,
            secretary,
            kind="proposal",
            title="",
            description=description,
            proposal_id=ids[title],
        )
    return meetings.add_agenda_item(
        meeting, secretary, kind="other", title=fallback, description=description
    )


def _schedule(secretary, title, days, kind="plenary", participants=()) -> Meeting:
    """Scheduled four weeks ahead (a fortnight for one less than that away)."""
    starts = evening(days)
    scheduled_on = min(meeting_day(days) - 28, -14)
    with at(scheduled_on, 11, 0):
        return meetings.schedule_meeting(
            secretary,
            kind=kind,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2, minutes=30),
            place=PLACE if kind == "plenary" else "Maison des habitants du centre",
            interpretation=kind == "plenary",
            step_free=True,
            accessibility_notes="Interprétation en arabe, dari et ukrainien."
            if kind == "plenary"
            else "",
            participants=participants,
        )


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


def _named_vote(item, secretary, proxy_holder, proxy_giver) -> None:
    """The council votes by name on its phones: three for, one against, one abstains, in turn."""
    named = polls.prepare_poll(
        item,
        secretary,
        question=HOUSING_QUESTION,
        majority="simple",
        secrecy="named",
        mode="in_meeting",
        method="electronic",
    )
    polls.open_poll(named, secretary)
    choices = ["for", "for", "for", "against", "abstain"]
    for index, member_id in enumerate(sorted(named.present_ids)):
        polls.cast_ballot(named, db.session.get(User, member_id), choice=choices[index % 5])
    polls.cast_ballot(named, proxy_holder, choice="for", on_behalf_of_id=proxy_giver.id)
    proceedings.close_poll(named, secretary)


def _hold(meeting, secretary, members, votes) -> None:
    """The evening itself: a proxy given the day before, the session, attendance, one item
    after the other, the close."""
    starts = meeting.starts_at
    giver, holder = members[1], members[2]
    with at_moment(starts - timedelta(hours=20)):
        meetings.give_proxy(meeting, secretary, giver=giver, holder=holder)
    with at_moment(starts + timedelta(minutes=3)):
        meetings.start_session(meeting, secretary)
    with at_moment(starts + timedelta(minutes=8)):
        for index, member in enumerate(meeting_queries.entitled_members(meeting)):
            status = "present" if index % 5 != 4 and member.id != giver.id else "excused"
            meetings.record_attendance(meeting, secretary, member=member, status=status)
    for minutes, (item, vote) in enumerate(zip(meeting.items, votes, strict=True)):
        with at_moment(starts + timedelta(minutes=20 + 30 * minutes)):
            if vote == "named":
                _named_vote(item, secretary, holder, giver)
            elif vote in HANDS:
                show_of_hands(item, secretary, "Adopter la proposition ?", HANDS[vote])
            elif vote == "minutes":
                present = len(meeting_queries.present_ids(meeting))
                show_of_hands(item, secretary, "Approuver le compte rendu ?", (present - 2, 0, 2))
    with at_moment(starts + timedelta(hours=2, minutes=20)):
        proceedings.close_meeting(meeting, secretary)


def _agenda(meeting, key, secretary) -> list[str]:
    """Items in order, added ten days before; returns how each one is decided."""
    votes = []
    with at(meeting_day(PAST_MEETINGS.get(key, NEXT_DAYS)) - 10, 14, 0):
        if key != "m1":
            meetings.add_agenda_item(
                meeting,
                secretary,
                kind="minutes_approval",
                title="Approbation du compte rendu précédent",
                description="",
            )
            votes.append("minutes")
        for spec in PROPOSALS:
            if spec.get("meeting") == key:
                _proposal_item(meeting, spec["title"], "", secretary, spec["title"][:200])
                votes.append(spec["vote"])
        meetings.add_agenda_item(
            meeting,
            secretary,
            kind="information",
            title="Point d'information de la mairie",
            description="",
        )
        votes.append("information")
        publish_agenda(meeting, secretary)
    return votes


def load_demo() -> None:
    secretary = _user("secretaire@council.example")
    members = [
        m for m in meeting_queries.members_in_office() if m.email.endswith("@council.example")
    ]
    if secretary is None or len(members) < 5:
        return
    titles = set(db.session.scalars(select(Meeting.title)))
    for key, days in PAST_MEETINGS.items():
        if TITLES[key] not in titles:
            meeting = _schedule(secretary, TITLES[key], days)
            votes = _agenda(meeting, key, secretary)
            _hold(meeting, secretary, members, votes)
    if NEXT_TITLE not in titles:
        upcoming = _schedule(secretary, NEXT_TITLE, NEXT_DAYS)
        with at(-3, 14, 0):
            meetings.add_agenda_item(
                upcoming,
                secretary,
                kind="minutes_approval",
                title="Approbation du compte rendu précédent",
                description="",
            )
            _proposal_item(upcoming, NEXT_PROPOSAL, "", secretary, "Courriers de la mairie")
            meetings.add_agenda_item(
                upcoming, secretary, kind="other", title="Questions diverses", description=""
            )
            publish_agenda(upcoming, secretary)
    if GROUP_TITLE not in titles:
        group = [m for m in members if m.email.split("@")[0] in {"fatou", "aliou", "olena", "lin"}]
        _schedule(secretary, GROUP_TITLE, GROUP_DAYS, MeetingKind.WORKING_GROUP.value, group)
