"""Building services, tokens and a meeting with a closed poll for the API tests."""

from council.api.operations import issue_api_token
from council.extensions import db
from council.polls import operations as polls
from council.proceedings import close_poll
from council.services import operations as services
from tests.meeting_helpers import open_poll, session_with


def service_with_token(name="Habitat", email="h@ville.example", translations=None):
    service = services.create_service(name, email, "Logement", translations or {})
    token, value = issue_api_token(service, f"{name} system", by=None)
    db.session.commit()
    return service, token, value


def bearer(value: str) -> dict:
    return {"Authorization": f"Bearer {value}"}


def meeting_with_result(make_user):
    """A plenary in session with a closed named poll: 3 for, 1 against, 1 abstain."""
    secretary, people, meeting = session_with(make_user, members=4)
    poll = open_poll(meeting, secretary)
    choices = ["for", "for", "for", "against", "abstain"]
    for voter, choice in zip([secretary, *people], choices, strict=True):
        polls.cast_ballot(poll, voter, choice=choice)
        db.session.commit()
    close_poll(poll, secretary)
    db.session.commit()
    return meeting, poll
