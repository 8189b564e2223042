"""A secretary runs a whole meeting in the browser (no JavaScript); members RSVP, give a proxy
and vote; the public reads the results."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from council.audit.chain import verify_chain
from council.db_types import utcnow
from council.extensions import db
from council.meetings.fields import utc_to_paris
from council.meetings.models import AgendaItem, Attendance, Meeting, MeetingState, Proxy, Rsvp
from council.polls.models import Ballot, Poll, PollResult, PollState
from council.roles import Role
from tests.meeting_helpers import new_meeting


def local(moment) -> str:
    return utc_to_paris(moment).strftime("%Y-%m-%dT%H:%M")


def text_of(response) -> str:
    return response.get_data(as_text=True)


def schedule(client, **overrides):
    starts = utcnow() + timedelta(days=7)
    data = {
        "kind": "plenary",
        "title": "Plenary of May",
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=2)),
        "place": "Town hall",
        "online_url": "",
        "interpretation": "y",
        "accessibility_notes": "",
    }
    return client.submit("/meetings/new", {**data, **overrides})


def post_button(client, url, page, data=None):
    return client.submit(url, data or {}, form_page=page)


def test_a_secretary_runs_a_full_meeting_in_the_browser(client, make_client, make_user):
    make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org", name="Claire")
    amina = make_user(Role.MEMBER, email="amina@example.org", name="Amina")
    karim = make_user(Role.MEMBER, email="karim@example.org", name="Karim")
    olena = make_user(Role.MEMBER, email="olena@example.org", name="Olena")
    client.login("sec@example.org")
    assert schedule(client).status_code == 302
    meeting = db.session.scalar(select(Meeting))
    manage = f"/meetings/{meeting.id}/manage"
    for title in ("Approval of minutes", "Housing opinion"):
        kind = "minutes_approval" if title.startswith("Approval") else "other"
        client.submit(
            f"/meetings/{meeting.id}/agenda", {"kind": kind, "title": title}, form_page=manage
        )
    second = db.session.scalars(select(AgendaItem).order_by(AgendaItem.position)).all()[1]
    post_button(
        client, f"/meetings/{meeting.id}/agenda/{second.id}/move", manage, {"direction": "up"}
    )
    db.session.expire_all()
    assert [i.title for i in meeting.items] == ["Housing opinion", "Approval of minutes"]
    housing, minutes = meeting.items

    # A member answers and gives a proxy from their own page.
    members = {name: make_client() for name in ("amina", "karim", "olena")}
    for name, member in members.items():
        member.login(f"{name}@example.org")
    show = f"/meetings/{meeting.id}"
    members["olena"].submit(f"/meetings/{meeting.id}/rsvp", {"answer": "excused"}, form_page=show)
    members["olena"].submit(
        f"/meetings/{meeting.id}/proxy", {"holder_id": str(karim.id), "confirmed": "yes"}
    )
    assert db.session.get(Rsvp, (meeting.id, olena.id)).answer.value == "excused"
    assert "You gave a proxy to <bdi>Karim</bdi>" in text_of(members["olena"].get(show))
    assert "You hold the proxy of <bdi>Olena</bdi>" in text_of(members["karim"].get(show))

    post_button(client, f"/meetings/{meeting.id}/start", manage)
    sheet = f"/meetings/{meeting.id}/attendance"
    bad_time = client.submit(
        sheet, {f"status_{amina.id}": "present", f"arrived_{amina.id}": "25:99"}
    )
    assert "Enter a time, like 18:45." in text_of(bad_time)
    users = {u.display_name: u.id for u in [amina, karim, olena]}
    sec_id = db.session.scalar(select(Meeting.created_by_id))
    response = client.submit(
        sheet,
        {
            f"status_{sec_id}": "present",
            f"status_{users['Amina']}": "present",
            f"status_{users['Karim']}": "present",
            f"status_{users['Olena']}": "excused",
        },
    )
    assert response.status_code == 302
    assert db.session.get(Attendance, (meeting.id, olena.id)).status.value == "excused"
    assert "3 present of 4 in office (3 needed)" in text_of(client.get(sheet))

    # An in-meeting named poll.
    client.submit(
        f"/meetings/{meeting.id}/agenda/{housing.id}/poll",
        {
            "question": "Adopt the housing opinion?",
            "majority": "simple",
            "secrecy": "named",
            "mode": "in_meeting",
            "method": "electronic",
        },
    )
    named = db.session.scalar(select(Poll))
    page = f"/polls/{named.id}"
    post_button(client, f"{page}/open", page)
    karim_page = text_of(members["karim"].get(page))
    assert "Your vote for <bdi>Olena</bdi> (proxy)" in karim_page
    members["karim"].submit(f"{page}/vote", {"choice": "for"}, form_page=page)
    members["karim"].submit(
        f"{page}/vote", {"choice": "for", "on_behalf_of": str(olena.id)}, form_page=page
    )
    members["amina"].submit(f"{page}/vote", {"choice": "against"}, form_page=page)
    refused = members["olena"].submit(f"{page}/vote", {"choice": "against"}, form_page=page)
    assert refused.status_code == 303
    assert "You gave a proxy" in text_of(members["olena"].get(page))
    post_button(client, f"{page}/close", page)
    result = db.session.get(PollResult, named.id)
    assert (result.votes_for, result.votes_against, result.outcome.value) == (2, 1, "adopted")

    # A paper tally, with a correction.
    client.submit(
        f"/meetings/{meeting.id}/agenda/{minutes.id}/poll",
        {
            "question": "Approve the minutes?",
            "majority": "simple",
            "secrecy": "named",
            "mode": "in_meeting",
            "method": "paper",
        },
    )
    paper = db.session.scalars(select(Poll).order_by(Poll.id)).all()[-1]
    post_button(client, f"/polls/{paper.id}/open", f"/polls/{paper.id}")
    tally = f"/polls/{paper.id}/tally"
    too_many = client.submit(tally, {"votes_for": "5", "votes_against": "0", "votes_abstain": "0"})
    assert "more than the 4 members present" in text_of(too_many)
    client.submit(tally, {"votes_for": "3", "votes_against": "0", "votes_abstain": "0"})
    no_reason = client.submit(tally, {"votes_for": "4", "votes_against": "0", "votes_abstain": "0"})
    assert "reason for correcting" in text_of(no_reason)
    client.submit(
        tally,
        {
            "votes_for": "4",
            "votes_against": "0",
            "votes_abstain": "0",
            "reason": "Proxy hand missed",
        },
    )
    post_button(client, f"/polls/{paper.id}/close", f"/polls/{paper.id}")
    assert db.session.get(PollResult, paper.id).votes_for == 4

    post_button(client, f"/meetings/{meeting.id}/close", manage)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).state == MeetingState.CLOSED
    assert verify_chain().ok

    public = text_of(make_client().get(show))
    assert "Votes are advisory" in public
    assert "67%" in public and "33%" in public and "Quorum" in public
    assert "Simple majority" in public
    assert "Olena</bdi> gave a proxy to <bdi>Karim" in public
    # Names of a named vote: council members only.
    assert "who voted what (council members only)" not in text_of(make_client().get(page))
    member_view = text_of(members["amina"].get(page))
    assert "who voted what (council members only)" in member_view
    assert "(by proxy: <bdi>Karim</bdi>)" in member_view


def test_secret_online_poll_gives_a_receipt_found_after_close(client, make_client, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org")
    make_user(Role.MEMBER, email="voter@example.org")
    meeting = new_meeting(secretary)
    db.session.commit()
    client.login("sec@example.org")
    item_page = f"/meetings/{meeting.id}/manage"
    client.submit(
        f"/meetings/{meeting.id}/agenda", {"kind": "other", "title": "Budget"}, form_page=item_page
    )
    item = db.session.scalar(select(AgendaItem))
    opens, closes = utcnow() - timedelta(minutes=5), utcnow() + timedelta(days=1)
    client.submit(
        f"/meetings/{meeting.id}/agenda/{item.id}/poll",
        {
            "question": "Support the budget?",
            "majority": "simple",
            "secrecy": "secret",
            "mode": "online",
            "method": "electronic",
            "opens_at": local(opens),
            "closes_at": local(closes),
        },
    )
    poll = db.session.scalar(select(Poll))
    page = f"/polls/{poll.id}"
    post_button(client, f"{page}/open", page)
    voter = make_client()
    voter.login("voter@example.org")
    voted = voter.submit(f"{page}/vote", {"choice": "for", "confirmed": "yes"}, form_page=page)
    # Shown once, in the answer to the vote itself, and never cached.
    assert voted.status_code == 200 and voted.headers["Cache-Control"] == "no-store"
    receipt = re.search(r"<code[^>]*>([A-Z2-9-]{19})</code>", text_of(voted)).group(1)
    assert receipt not in text_of(voter.get(page))  # not kept anywhere to show again
    assert "Send my vote" not in text_of(voter.get(page))  # a secret ballot is final
    assert "cannot be changed" in text_of(
        voter.get(
            voter.submit(
                f"{page}/vote", {"choice": "against", "confirmed": "yes"}, form_page=page
            ).headers["Location"]
        )
    )
    assert make_client().get(f"{page}/verify").status_code == 404  # not before close
    post_button(client, f"{page}/close", page)
    assert voter.get(f"{page}/receipts").headers["Location"].endswith(f"{page}/verify#receipts")
    public = text_of(make_client().get(f"{page}/verify"))
    assert f'<code lang="en" dir="ltr">{receipt}</code></th><td>For</td>' in public
    assert "voter@example.org" not in public


def test_bad_input_is_refused_with_a_message(client, make_client, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org")
    make_user(Role.MEMBER, email="m@example.org")
    client.login("sec@example.org")
    cases = [
        ({"title": ""}, "This field is required."),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"title": "<script>"}, "cannot contain"),
        ({"starts_at": "tomorrow"}, "Enter a date and time"),
        ({"place": "", "online_url": ""}, "Give a place, an online link, or both."),
        ({"online_url": "javascript:alert(1)"}, "starting with https://"),
        ({"kind": "party"}, "Choose an option from the list."),
        ({"kind": "working_group"}, "Choose the members of this meeting."),
        (
            {"starts_at": local(utcnow() - timedelta(days=1)), "ends_at": local(utcnow())},
            "Choose a date in the future.",
        ),
    ]
    for data, message in cases:
        response = schedule(client, **data)
        assert response.status_code == 200, data
        assert message in text_of(response), message
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
    meeting = new_meeting(secretary)
    db.session.commit()
    assert client.get("/polls/424242").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/agenda/424242/poll").status_code == 404
    member = make_client()
    member.login("m@example.org")
    forged = member.submit("/polls/424242/vote", {"choice": "for"}, form_page="/meetings/")
    assert forged.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0
    cancel = client.submit(f"/meetings/{meeting.id}/cancel", {"reason": ""})
    assert "This field is required." in text_of(cancel)
    client.submit(f"/meetings/{meeting.id}/cancel", {"reason": "Strike in public transport"})
    assert db.session.get(Meeting, meeting.id).state == MeetingState.CANCELLED
    assert "Strike in public transport" in text_of(make_client().get(f"/meetings/{meeting.id}"))
    assert db.session.scalar(select(func.count()).select_from(Proxy)) == 0


def test_bad_poll_input_over_http_changes_nothing(client, make_client, make_user):
    from council.polls import operations as polls
    from council.polls.models import PaperTally
    from tests.meeting_helpers import open_poll, session_with

    secretary, people, meeting = session_with(
        make_user, members=3, present=lambda everyone: everyone[:3]
    )
    paper = open_poll(meeting, secretary, method="paper")
    named = open_poll(meeting, secretary)
    client.login("secretary@example.org")
    tally = f"/polls/{paper.id}/tally"
    for data, message in [
        ({"votes_for": "-1", "votes_against": "0", "votes_abstain": "0"}, "cannot be negative"),
        ({"votes_for": "99999999", "votes_against": "0", "votes_abstain": "0"}, "too large"),
        ({"votes_for": "two", "votes_against": "0", "votes_abstain": "0"}, "whole number"),
        ({"votes_for": "", "votes_against": "0", "votes_abstain": "0"}, "required"),
        ({"votes_for": "3", "votes_against": "1", "votes_abstain": "0"}, "more than the 3"),
    ]:
        response = client.submit(tally, data)
        assert response.status_code == 200
        assert message in text_of(response), message
    assert db.session.query(PaperTally).count() == 0
    page = f"/polls/{named.id}"
    changed = client.submit(
        f"{page}/rule", {"majority": "two_thirds", "secrecy": "secret"}, form_page=page
    )
    assert changed.status_code == 303
    assert "cannot change once it has opened" in text_of(client.get(page))
    db.session.expire_all()
    assert db.session.get(Poll, named.id).majority.value == "simple"
    forged = client.submit(
        f"{page}/rule", {"majority": "unanimity", "secrecy": "named"}, form_page=page
    )
    assert forged.status_code == 303
    absent = make_client()
    absent.login(people[2].email)  # recorded absent
    absent.submit(f"{page}/vote", {"choice": "for"}, form_page=page)
    assert "Only members recorded as present" in text_of(absent.get(page))
    voter = make_client()
    voter.login(people[0].email)
    forged_proxy = voter.submit(
        f"{page}/vote", {"choice": "for", "on_behalf_of": str(people[1].id)}, form_page=page
    )
    assert forged_proxy.status_code == 303
    assert "do not hold a proxy" in text_of(voter.get(page))
    official = make_client()
    make_user(Role.OFFICIAL, email="official@example.org")
    official.login("official@example.org")
    assert official.post(f"{page}/vote", data={"choice": "for"}).status_code == 403
    assert db.session.query(Ballot).count() == 0
    polls.cast_ballot(named, people[0], choice="for")
    db.session.commit()
    assert db.session.get(Poll, named.id).state == PollState.OPEN
