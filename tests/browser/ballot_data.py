"""Secret polls for the ballot journeys, made through the app's own operations: one open now
(each journey's voter casts a secret ballot in it) and one already closed (its "check this
poll" page)."""

from datetime import timedelta

from council import proceedings
from council.accounts.operations import find_user_by_email
from council.db_types import utcnow
from council.meetings import operations as meetings
from council.polls import operations as polls
from tests.browser.council_data import in_app, member

SECRET_MEETING = "Élection du bureau (vote secret)"
OPEN_QUESTION = "Élire Fatou Diallo au bureau ?"
CLOSED_QUESTION = "Élire Karim au bureau ?"
CLOSED_VOTERS = (("amina", "for"), ("karim", "against"), ("farid", "for"), ("gul", "abstain"))


def _secret_online_poll(meeting, secretary, question: str):
    now = utcnow().replace(microsecond=0)
    item = meetings.add_agenda_item(
        meeting, secretary, kind="other", title=question, description=""
    )
    poll = polls.prepare_poll(
        item,
        secretary,
        question=question,
        majority="simple",
        secrecy="secret",
        mode="online",
        method="electronic",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=10),
    )
    polls.open_poll(poll, secretary)
    return poll


def secret_polls(server) -> dict:
    """{"open": poll id, "closed": poll id} in a planned meeting of their own."""
    with in_app(server):
        secretary = find_user_by_email("secretaire@council.example")
        now = utcnow().replace(microsecond=0)
        meeting = meetings.schedule_meeting(
            secretary,
            kind="plenary",
            title=SECRET_MEETING,
            starts_at=now + timedelta(days=14),
            ends_at=now + timedelta(days=14, hours=2),
            place="Hôtel de ville, salle du conseil",
        )
        open_poll = _secret_online_poll(meeting, secretary, OPEN_QUESTION)
        closed = _secret_online_poll(meeting, secretary, CLOSED_QUESTION)
        for login, choice in CLOSED_VOTERS:
            polls.cast_ballot(closed, member(login), choice=choice)
        proceedings.close_poll(closed, secretary)
        return {"open": open_poll.id, "closed": closed.id}
