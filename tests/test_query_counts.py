"""The busiest public pages send a bounded number of SQL statements, whatever their size.

Each test builds the same kind of content twice, small then large (5 vs 20 comments, 3 vs 10
agenda items or services…), through the real operations, and reads the page as the public and
as a council member. The large page may not cost more than one statement above the small one
(no query per comment, per item, per author…), and both stay under a fixed ceiling.
`Queries.report()` lists the repeated statements when a bound fails.
"""

from datetime import timedelta

import pytest

from council import proceedings
from council.comments.operations import post_comment
from council.comments.subjects import subject_type
from council.dates import council_today
from council.extensions import db
from council.meetings import operations as meetings
from council.polls import operations as polls
from council.proceedings import close_poll
from council.recommendations import operations as recommendations
from council.roles import Role
from tests.meeting_helpers import new_meeting
from tests.minutes_helpers import approve_and_publish
from tests.proposal_factories import a_submitted, a_theme
from tests.query_counter import queries_of
from tests.recommendation_helpers import a_council, a_service, adopted, an_official, transmit
from tests.translation_helpers import html, translate

# Ceilings per page, whatever the amount of content: a regression past them is an N+1.
# (Attachments add one statement per list of files: the proposal's, the meeting's and its
# agenda items', the minutes' annexes, a recommendation's responses and follow-ups.)
CEILING = {
    "proposal": 27,
    "proposal, member": 35,
    "proposals": 18,
    "proposals, member": 23,
    "meeting": 26,
    "meeting, member": 42,
    # The titles of the proposals debated and of the recommendations they became, in the
    # reader's language (minutes/presentation.py): one statement per kind, their translations.
    "minutes": 13,
    "recommendation": 23,
    "recommendations": 18,
    "dashboard": 12,
    # The public home (issue 13): services count, next meeting and its agenda, latest minutes
    # (with their meetings), latest answers and overdue ones (each with service names).
    "home": 9,
}


def assert_flat(page: str, small, large) -> None:
    """The large page costs at most one statement more than the small one, under the ceiling."""
    assert len(large) <= len(small) + 1, (
        f"{page} grows:\n{small.report()}\n{large.report()}\n{large.listing()}"
    )
    assert len(large) <= CEILING[page], large.report() + "\n" + large.listing()


@pytest.fixture
def people(make_user):
    """A translator (reads in English) and twenty members who write, each in their own name."""
    translator = make_user(Role.MEMBER, email="translator@example.org", name="Karim", locale="en")
    members = [
        make_user(Role.MEMBER, email=f"writer{i}@example.org", name=f"Writer {i}", locale="fr")
        for i in range(20)
    ]
    return translator, members


# --- a proposal and its discussion -----------------------------------------------------------


def discussed_proposal(translator, members, comments: int, title: str):
    """A French proposal, translated into English, with `comments` comments by as many people:
    every third one a reply, every other one translated into English."""
    proposal = a_submitted(members[0], members[1:4], title=title, summary="En bref.")
    translate("proposal", proposal, translator, "en", title=f"{title} (en)", body="In English.")
    subject = subject_type("proposal")
    top = None
    for number, author in enumerate(members[:comments]):
        reply_to = top if number % 3 == 2 else None
        comment = post_comment(
            proposal,
            author,
            subject=subject,
            body=f"Avis numéro {number}.",
            language="fr",
            reply_to=reply_to,
        )
        db.session.commit()
        top = comment if reply_to is None else top
        if number % 2 == 0:
            translate("comment", comment, translator, "en", body=f"Opinion number {number}.")
    return proposal


def test_a_proposal_page_does_not_grow_with_its_comments(client, people):
    translator, members = people
    small = discussed_proposal(translator, members, 5, "Cinq avis")
    large = discussed_proposal(translator, members, 20, "Vingt avis")
    page = html(client.get(f"/proposals/{large.id}"))
    assert "20 comments" in page and "Opinion number 18." in page and "Avis numéro 19." in page
    assert "Writer 19" in page and "Vingt avis (en)" in page
    assert_flat(
        "proposal",
        queries_of(client, f"/proposals/{small.id}"),
        queries_of(client, f"/proposals/{large.id}"),
    )
    client.login(translator.email)  # a member reading English: reply / report links, the form
    assert_flat(
        "proposal, member",
        queries_of(client, f"/proposals/{small.id}"),
        queries_of(client, f"/proposals/{large.id}"),
    )


def test_the_proposals_list_does_not_grow_with_its_length(client, make_client, people):
    translator, members = people
    services = [a_service(f"Service {i}", f"service{i}@ville.example") for i in range(3)]
    themes = [a_theme(f"Thème {i}") for i in range(3)]
    member = make_client()
    member.login(translator.email)  # a member also sees the drafts asking for support

    def add(count: int, start: int):
        for number in range(start, start + count):
            proposal = a_submitted(
                members[number % 20], [members[(number + k) % 20] for k in (1, 2)],
                title=f"Proposition {number}", theme=themes[number % 3],
                services=services[: number % 3 + 1],
            )  # fmt: skip
            if number % 2:
                translate("proposal", proposal, translator, "en", title=f"Proposal {number}")

    add(5, 0)
    small = queries_of(client, "/proposals/"), queries_of(member, "/proposals/")
    add(15, 5)
    large = queries_of(client, "/proposals/"), queries_of(member, "/proposals/")
    page = html(client.get("/proposals/"))
    assert "20 proposals found" in page and "Proposal 19" in page and "Proposition 18" in page
    assert_flat("proposals", small[0], large[0])
    assert_flat("proposals, member", small[1], large[1])


# --- a meeting, its votes and its minutes ---------------------------------------------------


def held_meeting(secretary, members, translator, items: int, title: str):
    """A plenary in session: the twenty members recorded (present, excused, absent), three
    proxies, `items` agenda items (every other one a proposal) each with a poll, named or
    secret, voted and closed, except the last one, still open."""
    meeting = new_meeting(secretary, title=title)
    meetings.start_session(meeting, secretary)
    for number, member in enumerate([secretary, *members]):
        status = ("present", "present", "present", "excused", "absent")[number % 5]
        meetings.record_attendance(meeting, secretary, member=member, status=status)
    absent = [m for n, m in enumerate([secretary, *members]) if n % 5 == 4]
    present = [m for n, m in enumerate([secretary, *members]) if n % 5 < 3]
    for giver, holder in zip(absent, present[1:], strict=False):
        meetings.give_proxy(meeting, secretary, giver=giver, holder=holder)
    db.session.commit()
    for number in range(items):
        if number % 2:
            proposal = a_submitted(members[number], members[number + 1 : number + 3],
                                   title=f"{title}: proposition {number}")  # fmt: skip
            item = meetings.add_agenda_item(
                meeting,
                secretary,
                kind="proposal",
                title="",
                description="",
                proposal_id=proposal.id,
            )
        else:
            item = meetings.add_agenda_item(
                meeting,
                secretary,
                kind="other",
                title=f"{title}: point {number}",
                description="Détails.",
            )
        poll = polls.prepare_poll(
            item, secretary, question=f"Question {number}?", majority="simple",
            secrecy="secret" if number % 3 == 0 or number == items - 1 else "named",
            mode="in_meeting",
            method="electronic",
        )  # fmt: skip
        polls.open_poll(poll, secretary)
        db.session.commit()
        # The open poll waits for most members' ballots.
        for voter in present if number < items - 1 else present[2:4]:
            polls.cast_ballot(poll, voter, choice=("for", "against", "abstain")[voter.id % 3])
        if number < items - 1:
            close_poll(poll, secretary)
        db.session.commit()
    return meeting


def close_and_publish(app, meeting, secretary):
    for item in meeting.items:
        for poll in item.polls:
            if poll.state.value == "open":
                close_poll(poll, secretary)
    proceedings.close_meeting(meeting, secretary)
    db.session.commit()
    from council.minutes.queries import minutes_of

    approve_and_publish(app, minutes_of(meeting), secretary)


@pytest.fixture
def secretary(make_user):
    return make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org", name="Claire")


def test_a_meeting_page_does_not_grow_with_its_agenda(client, people, secretary):
    translator, members = people
    small = held_meeting(secretary, members, translator, 3, "Petite séance")
    large = held_meeting(secretary, members, translator, 10, "Grande séance")
    page = html(client.get(f"/meetings/{large.id}"))
    assert "Question 9?" in page and "Grande séance: proposition 7" in page
    assert "Writer 3</bdi> gave a proxy to" in page
    assert_flat(
        "meeting",
        queries_of(client, f"/meetings/{small.id}"),
        queries_of(client, f"/meetings/{large.id}"),
    )
    client.login(members[0].email)  # a present member: a vote button, proxies, RSVP
    assert '<a class="button" href="/polls/' in html(client.get(f"/meetings/{large.id}"))
    assert_flat(
        "meeting, member",
        queries_of(client, f"/meetings/{small.id}"),
        queries_of(client, f"/meetings/{large.id}"),
    )


def test_published_minutes_do_not_grow_with_the_agenda(app, client, people, secretary):
    translator, members = people
    small = held_meeting(secretary, members, translator, 3, "Petite séance")
    large = held_meeting(secretary, members, translator, 10, "Grande séance")
    close_and_publish(app, small, secretary)
    close_and_publish(app, large, secretary)
    page = html(client.get(f"/meetings/{large.id}/minutes"))
    assert "Question 9?" in page and "Grande séance: proposition 7" in page
    assert_flat(
        "minutes",
        queries_of(client, f"/meetings/{small.id}/minutes"),
        queries_of(client, f"/meetings/{large.id}/minutes"),
    )
    assert_flat(
        "meeting",
        queries_of(client, f"/meetings/{small.id}"),
        queries_of(client, f"/meetings/{large.id}"),
    )


# --- recommendations, their responses and the accountability dashboard ----------------------


def answered_recommendation(council, make_user, services: int, title: str):
    """A recommendation transmitted to `services` services: each answers with two
    commitments and one follow-up on the first; the last service has not answered yet."""
    made = [a_service(f"{title} {i}", f"{title.lower()}{i}@ville.example") for i in range(services)]
    recommendation = transmit(council, adopted(council, title=title), made, days_ago=70)
    translator = council[1][0]
    translate("recommendation", recommendation, translator, "en", title=f"{title} (en)")
    target = council_today() + timedelta(days=30)
    for number, service in enumerate(made[:-1]):
        agent = an_official(make_user, service, f"agent-{title.lower()}{number}@ville.example")
        recommendations.respond_to_recommendation(
            recommendation,
            agent,
            service=service,
            status=("accepted", "partially_accepted")[number % 2],
            justification="Parce que.",
            commitments=[
                {"text": "Faire", "target_date": target},
                {"text": "Vérifier", "target_date": target},
            ],
        )
        commitment = recommendation.response_of(service).commitments[0]
        recommendations.post_follow_up(
            commitment, agent, status="in_progress", note="En cours.", percent=50
        )
        db.session.commit()
    return recommendation


def test_a_recommendation_page_does_not_grow_with_its_services(client, make_user):
    council = a_council(make_user)
    small = answered_recommendation(council, make_user, 3, "Bancs")
    large = answered_recommendation(council, make_user, 10, "Fontaines")
    page = html(client.get(f"/recommendations/{large.id}"))
    assert "Fontaines (en)" in page and "Fontaines 8" in page and "En cours." in page
    assert_flat(
        "recommendation",
        queries_of(client, f"/recommendations/{small.id}"),
        queries_of(client, f"/recommendations/{large.id}"),
    )


def test_recommendations_list_and_dashboard_do_not_grow(client, make_user):
    council = a_council(make_user)

    def add(count: int, start: int):
        for number in range(start, start + count):
            answered_recommendation(council, make_user, 2, f"Avis{number}")

    add(3, 0)
    small = {url: queries_of(client, url) for url in ("/recommendations/", "/dashboard", "/")}
    add(7, 3)
    large = {url: queries_of(client, url) for url in ("/recommendations/", "/dashboard", "/")}
    assert "Avis9 (en)" in html(client.get("/recommendations/"))
    assert "Avis9 1" in html(client.get("/dashboard"))
    assert_flat("recommendations", small["/recommendations/"], large["/recommendations/"])
    assert_flat("dashboard", small["/dashboard"], large["/dashboard"])
    assert_flat("home", small["/"], large["/"])


def test_the_counter_sees_each_statement(client, make_user):
    """The helper itself: a page that reads nothing more reads the same, twice."""
    first, second = queries_of(client, "/"), queries_of(client, "/")
    assert len(first) == len(second) >= 1
    assert any("services" in statement for statement in first)
