"""Issue 13: every event kind reaches the people it concerns, and nobody else — never someone
who may not read the object. Each test drives the real operation (which sends its signal)."""

from datetime import timedelta

from flask_babel import force_locale, format_date, gettext
from sqlalchemy import select

from council import proceedings
from council.extensions import db
from council.meetings import operations as meetings
from council.notifications.models import Notification, NotificationKind
from council.notifications.operations import follow
from council.plain_text import isolate
from council.polls import operations as polls
from council.proposals import operations as proposals
from council.proposals import support
from council.recommendations import operations
from council.recommendations.models import Commitment
from council.recommendations.reminders import send_reminders
from council.roles import Role
from tests.conftest import outbox
from tests.meeting_helpers import new_meeting, new_poll
from tests.minutes_helpers import approve_and_publish, closed_meeting
from tests.proposal_factories import a_draft
from tests.recommendation_helpers import a_council, a_service, adopted, an_official, transmit


def told(kind: NotificationKind) -> dict[str, list[str]]:
    """email → the `event`s of this kind they were told about."""
    rows = db.session.scalars(
        select(Notification).where(Notification.kind == kind).order_by(Notification.id)
    ).all()
    heard: dict[str, list[str]] = {}
    for row in rows:
        heard.setdefault(row.user.email, []).append(row.params.get("event", ""))
    return heard


def _answered_setup(make_user):
    council = a_council(make_user)
    secretary, members, _meeting = council
    recommendation = adopted(council)  # members[0] wrote it, members[1:] co-signed
    habitat = a_service()
    official = an_official(make_user, habitat, "agent@ville.example", locale="ar")
    follower = make_user(Role.MEMBER, email="follower@example.org", locale="uk")
    make_user(Role.MEMBER, email="stranger@example.org")
    follow(follower, "recommendation", recommendation.id)
    db.session.commit()
    transmit(council, recommendation, [habitat])
    return council, recommendation, habitat, official


def test_the_citys_answer_revision_and_follow_up_reach_authors_cosigners_and_followers(
    make_user,
):
    council, recommendation, habitat, official = _answered_setup(make_user)
    _secretary, members, _meeting = council
    target = (recommendation.deadline or council[2].starts_at.date()) + timedelta(days=30)
    operations.respond_to_recommendation(
        recommendation,
        official,
        service=habitat,
        status="accepted",
        justification="Oui.",
        commitments=[{"text": "Publier les délais", "target_date": target}],
    )
    db.session.commit()
    operations.respond_to_recommendation(
        recommendation, official, service=habitat, status="rejected", justification="Non."
    )
    db.session.commit()
    expected = {
        members[0].email: ["answered", "revised"],  # the author
        members[1].email: ["answered", "revised"],  # co-signers
        members[2].email: ["answered", "revised"],
        "follower@example.org": ["answered", "revised"],
    }
    assert told(NotificationKind.CITY_ANSWER) == expected
    assert "stranger@example.org" not in told(NotificationKind.CITY_ANSWER)
    assert official.email not in told(NotificationKind.CITY_ANSWER)  # the one who acted
    # Each email is in its reader's language, says why it came, and offers one click to stop.
    mail = next(m for m in outbox() if m.recipient == "follower@example.org")
    assert mail.locale == "uk"
    with force_locale("uk"):
        sentence = gettext(
            "%(service)s answered “%(title)s”.", service=habitat.name, title=recommendation.title
        )
        why = gettext(
            "You receive this email because you chose to be emailed about: %(reason)s.",
            reason=gettext(
                "The city’s answers, revisions, follow-ups and missed deadlines on "
                "recommendations I wrote, co-signed or follow"
            ),
        )
    assert mail.subject == sentence and why in mail.body
    assert "/notifications/preferences" in mail.body
    assert mail.unsubscribe_url and mail.unsubscribe_url in mail.body


def test_a_follow_up_and_a_missed_deadline_reach_the_same_people(make_user):
    council, recommendation, habitat, official = _answered_setup(make_user)
    _secretary, members, _meeting = council
    # Nobody answered by the deadline: the cron tells them once.
    assert send_reminders(recommendation.deadline) == 1
    db.session.commit()
    assert send_reminders(recommendation.deadline + timedelta(days=1)) == 0
    heard = told(NotificationKind.CITY_ANSWER)
    assert heard[members[0].email] == ["missed"] and heard["follower@example.org"] == ["missed"]
    operations.respond_to_recommendation(
        recommendation,
        official,
        service=habitat,
        status="accepted",
        justification="Oui.",
        commitments=[{"text": "Publier", "target_date": recommendation.deadline}],
    )
    db.session.commit()
    commitment = db.session.scalars(select(Commitment)).one()
    operations.post_follow_up(commitment, official, status="in_progress", note="En cours.")
    db.session.commit()
    heard = told(NotificationKind.CITY_ANSWER)
    assert heard[members[1].email] == ["missed", "answered", "follow_up"]
    assert "stranger@example.org" not in heard


def test_a_proxy_given_and_withdrawn_is_told_to_its_holder_only(make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org")
    giver = make_user(Role.MEMBER, email="giver@example.org", name="Amina")
    holder = make_user(Role.MEMBER, email="holder@example.org", locale="ar")
    make_user(Role.MEMBER, email="other@example.org")
    meeting = new_meeting(secretary)
    db.session.commit()
    proxy = meetings.give_proxy(meeting, giver, giver=giver, holder=holder)
    db.session.commit()
    meetings.revoke_proxy(proxy, giver)
    db.session.commit()
    assert told(NotificationKind.PROXY) == {"holder@example.org": ["given", "withdrawn"]}
    *_scheduled, given, withdrawn = [m for m in outbox() if m.recipient == "holder@example.org"]
    with force_locale("ar"):
        expected = gettext(
            "%(actor)s withdrew the proxy given to you for “%(title)s”.",
            actor="Amina",
            title=meeting.title,
        )
    assert given.locale == "ar" and withdrawn.subject == expected


def test_meetings_scheduled_and_cancelled_reach_the_members_who_sit(make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org")
    sitting = make_user(Role.MEMBER, email="sitting@example.org")
    aside = make_user(Role.MEMBER, email="aside@example.org")
    official = make_user(Role.OFFICIAL, email="official@example.org")
    plenary = new_meeting(secretary, title="Plénière")
    working = new_meeting(secretary, kind="working_group", participants=[sitting], title="Groupe")
    db.session.commit()
    proceedings.cancel_meeting(working, secretary, reason="Salle fermée")
    db.session.commit()
    heard = told(NotificationKind.MEETING)
    assert heard[sitting.email] == ["scheduled", "scheduled", "cancelled"]
    assert heard[aside.email] == ["scheduled"]  # the plenary only: not in the committee
    assert official.email not in heard and secretary.email not in heard  # not a member / acted
    mail = next(m for m in outbox() if m.recipient == aside.email)
    assert f"/meetings/{plenary.id}.ics" in mail.body  # the calendar entry to add


def test_a_vote_opened_reaches_those_who_sit_in_that_meeting(make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org")
    sitting = make_user(Role.MEMBER, email="sitting@example.org")
    aside = make_user(Role.MEMBER, email="aside@example.org")
    meeting = new_meeting(secretary, kind="working_group", participants=[sitting, secretary])
    meetings.start_session(meeting, secretary)
    poll = new_poll(meeting, secretary)
    db.session.commit()
    polls.open_poll(poll, secretary)
    db.session.commit()
    heard = told(NotificationKind.POLL_OPENED)
    assert sitting.email in heard and aside.email not in heard


def test_a_cosignature_reaches_the_authors_and_not_the_cosigner(make_user):
    author = make_user(Role.MEMBER, email="author@example.org")
    cosigner = make_user(Role.MEMBER, email="cosigner@example.org", name="Karim")
    proposal = a_draft(author)
    proposals.open_for_support(proposal, author)
    support.cosign_proposal(proposal, cosigner)
    db.session.commit()
    assert told(NotificationKind.PROPOSAL_COSIGNED) == {"author@example.org": [""]}
    [note] = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.PROPOSAL_COSIGNED)
    ).all()
    assert note.params["actor"] == "Karim"


def test_the_secretariat_hears_of_a_recommendation_to_transmit(make_user):
    council = a_council(make_user)
    other_secretary = make_user(Role.SECRETARY, email="second@example.org")
    recommendation = adopted(council)
    heard = told(NotificationKind.SECRETARIAT_TASK)
    # council[0] adopted it (acted); the other secretary is told; members are not.
    assert heard == {other_secretary.email: ["transmit"]}
    assert recommendation.id


def test_minutes_to_approve_and_minutes_published(make_user, app):
    other_secretary = make_user(Role.SECRETARY, email="second@example.org")
    made = closed_meeting(make_user)
    secretary, people = made["secretary"], made["people"]
    official = make_user(Role.OFFICIAL, email="official@example.org")
    # Closing the meeting left minutes to write: the other secretary is told.
    assert told(NotificationKind.SECRETARIAT_TASK)[other_secretary.email] == ["minutes"]
    approve_and_publish(app, made["minutes"], secretary)
    heard = told(NotificationKind.MINUTES_PUBLISHED)
    assert set(heard) == {person.email for person in people}
    assert official.email not in heard and secretary.email not in heard


def test_a_private_draft_is_told_to_nobody_who_may_not_read_it(make_user):
    """Someone who followed a draft open for support and is no longer a member (now an
    official) hears nothing more of it: members alone may read a draft."""
    author = make_user(Role.MEMBER, email="author@example.org")
    cosigner = make_user(Role.MEMBER, email="cosigner@example.org")
    outsider = make_user(Role.OFFICIAL, email="outsider@example.org")
    proposal = a_draft(author)
    proposals.open_for_support(proposal, author)
    follow(outsider, "proposal", proposal.id)  # followed while a member, say
    support.cosign_proposal(proposal, cosigner)
    db.session.commit()
    proposals.withdraw_proposal(proposal, author, reason="Plus tard.")
    db.session.commit()
    assert told(NotificationKind.STATE_CHANGE) == {"cosigner@example.org": [""]}
    for kind in NotificationKind:
        assert outsider.email not in told(kind), kind


def test_the_author_and_a_cosigner_see_the_answer_on_their_home_page(client, make_user):
    council, recommendation, habitat, official = _answered_setup(make_user)
    _secretary, members, _meeting = council
    operations.respond_to_recommendation(
        recommendation, official, service=habitat, status="rejected", justification="Non."
    )
    db.session.commit()
    # The service's name and the title are isolated inside the sentence (U+2068 … U+2069).
    sentence = f"{isolate(habitat.name)} answered “{isolate(recommendation.title)}”."
    for person in (members[0], members[1]):
        client.login(person.email)
        page = client.get("/me").get_data(as_text=True)
        assert "What is new for you" in page and sentence.replace("'", "&#39;") in page
        client.logout()
    make_user(Role.MEMBER, email="calm@example.org")
    client.login("calm@example.org")
    assert "Nothing new since your last visit." in client.get("/me").get_data(as_text=True)


def test_an_official_gets_one_notice_seven_days_before_the_deadline(make_user):
    """One notice a week before (not a reminder at 14 days and a notice too), in the
    official's language; the service's contact address gets the reminder email; running the
    cron again sends nothing; on the deadline the reminder goes to both."""
    council, recommendation, habitat, official = _answered_setup(make_user)
    other_service = a_service("Santé publique", "sante@ville.example")
    elsewhere = an_official(make_user, other_service, "ailleurs@ville.example")
    deadline = recommendation.deadline
    before = len(outbox())
    for days_before in (14, 8):
        assert send_reminders(deadline - timedelta(days=days_before)) == 0
    assert len(outbox()) == before
    assert send_reminders(deadline - timedelta(days=7)) == 1
    db.session.commit()
    for days_before in (6, 3, 1):  # the cron runs every day: nothing twice
        assert send_reminders(deadline - timedelta(days=days_before)) == 0
        db.session.commit()
    new = outbox()[before:]
    to_official = [m for m in new if m.recipient == official.email]
    assert len(to_official) == 1
    with force_locale("ar"):
        expected = gettext(
            "%(service)s must answer “%(title)s” by %(date)s.",
            service=habitat.name,
            title=recommendation.title,
            date=format_date(deadline, "long"),
        )
    assert to_official[0].locale == "ar" and to_official[0].subject == expected
    assert [m.recipient for m in new if m.recipient != official.email] == [habitat.contact_email]
    notices = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.DEADLINE_SOON)
    ).all()
    assert [n.user_id for n in notices] == [official.id]  # not the other service, not members
    assert elsewhere.email not in told(NotificationKind.DEADLINE_SOON)
    # On the deadline: the reminder to the service and its official, the missed notices.
    assert send_reminders(deadline) == 1
    db.session.commit()
    due = [m.recipient for m in outbox()[before + len(new) :]]
    assert official.email in due and habitat.contact_email in due
    assert len(told(NotificationKind.DEADLINE_SOON)[official.email]) == 1
