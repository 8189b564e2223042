"""Giving a proxy: nobody chosen beforehand, a page that names who will vote for me before
it counts, and my answer to the invitation reads "represented by" them."""

from council.extensions import db
from council.meetings.models import Proxy
from council.roles import Role
from tests.meeting_helpers import new_meeting


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_a_proxy_is_chosen_then_confirmed(client, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org")
    giver = make_user(Role.MEMBER, email="giver@example.org", name="Olena")
    holder = make_user(Role.MEMBER, email="holder@example.org", name="Karim")
    meeting = new_meeting(secretary)
    db.session.commit()
    client.login("giver@example.org")
    url = f"/meetings/{meeting.id}/proxy"
    form = text_of(client.get(url))
    assert '<option selected value="">Choose a member</option>' in form
    assert " selected" not in form.replace('<option selected value="">', "")

    untouched = client.submit(url, {"holder_id": ""})  # the button pressed without a choice
    assert "Choose a member of this meeting." in text_of(untouched)
    assert db.session.scalar(db.select(Proxy)) is None

    check = client.submit(url, {"holder_id": str(holder.id)})
    assert check.status_code == 200
    assert "<bdi>Karim</bdi> will vote for you in every poll of this meeting." in text_of(check)
    assert db.session.scalar(db.select(Proxy)) is None  # nothing given before the confirmation

    done = client.submit(url, {"holder_id": str(holder.id), "confirmed": "yes"})
    assert done.status_code == 302
    proxy = db.session.scalar(db.select(Proxy))
    assert (proxy.giver_id, proxy.holder_id) == (giver.id, holder.id)
    page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert "Your answer: represented by <bdi>Karim</bdi>" in page
    assert "Send my answer" not in page
