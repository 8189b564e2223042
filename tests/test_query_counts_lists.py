"""The poll page and every list page send a bounded number of SQL statements, whatever their
length (see test_query_counts.py for the busiest pages). Each page is read with a little
content, then with more, as the people who use it; it may cost at most one statement more, and
stays under its ceiling."""

import pytest

from council.accounts.operations import invite_user
from council.comments.moderation import report_comment
from council.comments.operations import post_comment
from council.comments.subjects import subject_type
from council.extensions import db
from council.meetings import operations as meetings
from council.notifications.models import NotificationKind
from council.notifications.operations import notify
from council.polls import operations as polls
from council.proceedings import close_poll
from council.proposals import themes
from council.roles import Role
from tests.meeting_helpers import new_meeting, open_poll
from tests.proposal_factories import a_submitted
from tests.query_counter import queries_of
from tests.recommendation_helpers import a_council, a_service, adopted, an_official, transmit
from tests.referral_helpers import official_of, open_referral

CEILING = {  # measured, with a little room; a page past its ceiling reads something per row
    "poll": 7,
    "poll, member": 16,
    "poll, voter": 22,
    "meetings": 4,
    "meetings, secretary": 8,
    "calendar": 4,
    "services": 4,
    "referrals": 8,
    "notifications": 8,
    "moderation": 24,
    "users": 9,
    "themes": 8,
    "invitations": 8,
    "inbox": 12,
    "recommendations feed": 7,
    "translation queue": 23,
}


def assert_flat(page: str, small, large, *, equal: bool = False) -> None:
    grows = len(large) - len(small)
    assert grows <= (0 if equal else 1), f"{page} grows:\n{small.report()}\n{large.report()}"
    assert len(large) <= CEILING[page], f"{page}:\n{large.report()}\n{large.listing()}"


def signed_in(make_client, user):
    client = make_client()
    client.login(user.email)
    return client


# --- the poll page: 3 voters cost what 15 cost ------------------------------------------------


def voted_poll(make_user, voters: int, prefix: str):
    """A meeting in session where `voters` members cast a named ballot, the last one through a
    proxy, then the poll closed; a second poll is open, with one ballot cast by the proxy
    holder. Returns (closed poll, open poll, a member, the proxy holder)."""
    secretary = make_user(Role.SECRETARY, email=f"{prefix}-secretary@example.org")
    people = [
        make_user(Role.MEMBER, email=f"{prefix}{i}@example.org", name=f"{prefix} {i}")
        for i in range(voters)
    ]
    meeting = new_meeting(secretary, title=prefix)
    meetings.start_session(meeting, secretary)
    for person in people:
        meetings.record_attendance(meeting, secretary, member=person, status="present")
    meetings.give_proxy(meeting, secretary, giver=people[-1], holder=people[0])
    db.session.commit()
    closed = open_poll(meeting, secretary)
    for person in people[:-1]:
        polls.cast_ballot(closed, person, choice="for")
    polls.cast_ballot(closed, people[0], choice="against", on_behalf_of_id=people[-1].id)
    still_open = open_poll(meeting, secretary)
    polls.cast_ballot(still_open, people[0], choice="abstain")
    close_poll(closed, secretary)
    db.session.commit()
    return closed, still_open, people[1], people[0]


def test_the_poll_page_costs_the_same_for_3_and_15_voters(client, make_client, make_user):
    small = voted_poll(make_user, 3, "small")
    large = voted_poll(make_user, 15, "large")
    reader, voter = signed_in(make_client, large[2]), signed_in(make_client, large[3])
    page = reader.get(f"/polls/{large[0].id}").get_data(as_text=True)
    assert "(by proxy:" in page and page.count('<tr><th scope="row"><bdi>') == 15
    assert "Your vote for" in voter.get(f"/polls/{large[1].id}").get_data(as_text=True)
    for name, who, poll in (("poll", None, 0), ("poll, member", 2, 0), ("poll, voter", 3, 1)):
        counts = [
            queries_of(client if who is None else signed_in(make_client, made[who]),
                       f"/polls/{made[poll].id}")
            for made in (small, large)
        ]  # fmt: skip
        assert_flat(name, *counts, equal=True)


# --- list pages -----------------------------------------------------------------------------


def grows_by_at_most_one(page: str, reader, url: str, add) -> None:
    """Read `url` after adding 2 rows, then after adding 6 more: flat and under the ceiling."""
    add(range(0, 2))
    small = queries_of(reader, url)
    add(range(2, 8))
    assert_flat(page, small, queries_of(reader, url))


def test_the_meetings_list_and_calendar(client, make_client, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org")
    make_user(Role.MEMBER, email="member@example.org")

    def add(numbers):
        for number in numbers:
            new_meeting(secretary, days=5 + number, title=f"Séance {number}")
        db.session.commit()

    grows_by_at_most_one("meetings", client, "/meetings/", add)
    assert "Séance 7" in client.get("/meetings/").get_data(as_text=True)
    grows_by_at_most_one(
        "meetings, secretary", signed_in(make_client, secretary), "/meetings/", add
    )
    grows_by_at_most_one("calendar", client, "/meetings.ics", add)


def test_the_services_and_referrals_lists(client, make_user):
    services = [a_service(f"Service {n}", f"service{n}@ville.example") for n in range(8)]
    officials = [
        official_of(make_user, service, email=f"agent{n}@ville.example")
        for n, service in enumerate(services)
    ]

    def add_services(numbers):
        for number in numbers:
            a_service(f"Direction {number}", f"direction{number}@ville.example")

    def add_referrals(numbers):
        for number in numbers:
            open_referral(officials[number], services[number], question=f"Question {number} ?")

    grows_by_at_most_one("services", client, "/services/", add_services)
    grows_by_at_most_one("referrals", client, "/referrals/", add_referrals)
    assert "Question 7 ?" in client.get("/referrals/").get_data(as_text=True)


def test_a_members_notifications(make_client, make_user):
    member = make_user(Role.MEMBER, email="member@example.org", name="Awa")

    def add(numbers):
        for number in numbers:
            notify([member], NotificationKind.STATE_CHANGE, f"Titre {number}", "/proposals/",
                   state="submitted")  # fmt: skip
        db.session.commit()

    grows_by_at_most_one("notifications", signed_in(make_client, member), "/notifications", add)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="known N+1, left to the moderation's owner: per reported comment, its open reports, "
    "its subject (a referral, a proposal…) and that subject's people are read one by one",
)
def test_the_moderation_queue(make_client, make_user):
    member = make_user(Role.MEMBER, email="member@example.org", name="Awa")
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org")
    service = a_service()
    referral = open_referral(official_of(make_user, service), service)
    writers = [make_user(Role.MEMBER, email=f"w{n}@example.org", name=f"W{n}") for n in range(8)]

    def add_reported(numbers):
        for number in numbers:
            comment = post_comment(referral, writers[number], subject=subject_type("referral"),
                                   body=f"Avis {number}", language="fr")  # fmt: skip
            report_comment(comment, member, "Hors sujet")
        db.session.commit()

    moderator = signed_in(make_client, secretary)
    grows_by_at_most_one("moderation", moderator, "/moderation/", add_reported)
    assert "Avis 7" in moderator.get("/moderation/").get_data(as_text=True)


def test_the_admins_lists_of_people_themes_and_invitations(app, make_client, make_user):
    admin = make_user(Role.ADMIN, email="admin@example.org")
    reader = signed_in(make_client, admin)

    def add_people(numbers):
        for number in numbers:
            make_user(Role.MEMBER, email=f"person{number}@example.org", name=f"P{number}")

    def add_themes(numbers):
        for number in numbers:
            themes.create_theme(f"Thème {number}", {"en": f"Theme {number}"})
        db.session.commit()

    def add_invitations(numbers):
        with app.test_request_context():  # the invitation mail links to the site
            for number in numbers:
                invite_user(f"invited{number}@example.org", {Role.MEMBER}, "fr", admin)
            db.session.commit()

    grows_by_at_most_one("users", reader, "/admin/users", add_people)
    grows_by_at_most_one("themes", reader, "/admin/themes/", add_themes)
    grows_by_at_most_one("invitations", reader, "/invitations/", add_invitations)


def test_an_officials_inbox_and_the_recommendations_feed(client, make_client, make_user):
    council = a_council(make_user)
    service = a_service()
    official = an_official(make_user, service, "agent@ville.example")

    def add(numbers):
        for number in numbers:
            transmit(council, adopted(council, title=f"Avis {number}"), [service])

    grows_by_at_most_one("inbox", signed_in(make_client, official), "/inbox", add)
    grows_by_at_most_one("recommendations feed", client, "/feeds/recommendations.atom", add)


def test_the_translation_queue(make_client, make_user):
    translator = make_user(Role.MEMBER, email="translator@example.org", locale="en")
    writers = [make_user(Role.MEMBER, email=f"w{n}@example.org") for n in range(10)]

    def add(numbers):
        for number in numbers:
            a_submitted(writers[number], writers[number + 1 : number + 3],
                        title=f"Proposition {number}", summary="En bref.")  # fmt: skip
        db.session.commit()

    reader = signed_in(make_client, translator)
    grows_by_at_most_one("translation queue", reader, "/translate/?lang=en", add)
    assert "Proposition 7" in reader.get("/translate/?lang=en").get_data(as_text=True)
