"""Issue 11.3: a receipt is shown once, on the answer to the vote, and kept nowhere: not in the
session cookie (readable by whoever holds the phone next, and kept after logout), not in a
flash message (stored in that cookie). A proxy holder gets one receipt per member voted for."""

import re

import pytest

from council.extensions import db
from council.meetings import operations as meetings
from council.polls.models import Choice, SecretBallot
from council.proceedings import close_poll
from tests.meeting_helpers import open_poll, session_with

RECEIPT = re.compile(r"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}")


@pytest.fixture
def secret_poll(make_user):
    secretary, people, meeting = session_with(make_user, members=3)
    meetings.give_proxy(meeting, secretary, giver=people[2], holder=people[1])  # 1 votes for 2
    db.session.commit()
    return secretary, people, open_poll(meeting, secretary, secrecy="secret")


def session_cookie(app, client) -> str:
    """Everything the session cookie holds, decoded as anyone holding the phone could."""
    cookie = client.client.get_cookie("session")
    if cookie is None:
        return ""
    return repr(app.session_interface.get_signing_serializer(app).loads(cookie.value))


def vote(client, poll, choice, on_behalf_of=None):
    data = {
        "choice": choice,
        "confirmed": "yes",
        **({"on_behalf_of": on_behalf_of} if on_behalf_of else {}),
    }
    return client.submit(f"/polls/{poll.id}/vote", data, form_page=f"/polls/{poll.id}")


def test_a_receipt_is_shown_once_and_left_nowhere(app, client, secret_poll):
    secretary, people, poll = secret_poll
    client.login(people[0].email)
    answer = vote(client, poll, "for")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert "Receipt for your own vote" in page and "shown only this once" in page
    receipt = RECEIPT.search(page).group(0)
    assert receipt not in session_cookie(app, client)
    assert receipt not in client.get(f"/polls/{poll.id}").get_data(as_text=True)
    client.logout()
    # The next person at the same phone: nothing in the cookie, nothing on any page.
    assert receipt not in session_cookie(app, client)
    client.login(people[1].email)
    assert receipt not in client.get(f"/polls/{poll.id}").get_data(as_text=True)
    close_poll(poll, secretary)
    db.session.commit()
    public = client.get(f"/polls/{poll.id}/verify").get_data(as_text=True)
    assert receipt in public  # in the published list, like everyone's: nothing marks it
    assert "Your receipt" not in public and 'class="mine"' not in public


def test_a_proxy_holder_gets_one_receipt_per_member_voted_for(app, client, secret_poll):
    secretary, people, poll = secret_poll
    holder, giver = people[1], people[2]
    client.login(holder.email)
    own = vote(client, poll, "for").get_data(as_text=True)
    for_giver = vote(client, poll, "against", on_behalf_of=str(giver.id)).get_data(as_text=True)
    assert "Receipt for your own vote" in own
    assert f"Receipt for the vote of <bdi>{giver.display_name}</bdi> (proxy)" in for_giver
    own_receipt, giver_receipt = RECEIPT.search(own).group(0), RECEIPT.search(for_giver).group(0)
    assert own_receipt != giver_receipt
    cookie = session_cookie(app, client)
    assert own_receipt not in cookie and giver_receipt not in cookie
    close_poll(poll, secretary)
    db.session.commit()
    box = {b.receipt: b.choice for b in db.session.scalars(db.select(SecretBallot))}
    assert box == {own_receipt: Choice.FOR, giver_receipt: Choice.AGAINST}


def test_receipts_left_in_an_old_cookie_are_dropped(app, client, secret_poll):
    """Before this change receipts were kept in the session cookie: the next visit drops them."""
    secretary, people, poll = secret_poll
    client.login(people[0].email)
    with client.client.session_transaction() as session:
        session["poll_receipts"] = {str(poll.id): "ABCD-EFGH-JKLM-NPQR"}
    assert "ABCD-EFGH-JKLM-NPQR" in session_cookie(app, client)
    client.get("/")
    assert "ABCD-EFGH-JKLM-NPQR" not in session_cookie(app, client)
