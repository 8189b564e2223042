"""A referral from the city reaches the secretaries and the members who follow its theme (and
the members who follow no theme yet), never the others; members follow themes from the
proposals page and the notification settings."""

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from council.dates import council_today
from council.extensions import db
from council.notifications.kinds import notification_text
from council.notifications.models import Follow, Notification, NotificationKind
from council.notifications.theme_follows import follow_theme, followed_theme_ids
from council.plain_text import header_safe
from council.proposals.themes import create_theme
from council.referrals import operations as referrals
from council.referrals.models import Referral
from council.roles import Role
from tests.conftest import outbox
from tests.referral_helpers import housing_service, official_of


def _told() -> set[str]:
    rows = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.REFERRAL_RECEIVED)
    ).all()
    return {row.user.email for row in rows}


def _council(make_user):
    housing, health = create_theme("Logement"), create_theme("Santé")
    service = housing_service()
    official = official_of(make_user, service)
    people = {
        "housing": make_user(Role.MEMBER, email="housing@example.org", locale="ps"),
        "health": make_user(Role.MEMBER, email="health@example.org"),
        "both": make_user(Role.MEMBER, email="both@example.org"),
        "none": make_user(Role.MEMBER, email="none@example.org"),
        "secretary": make_user(Role.SECRETARY, email="secretary@example.org"),
        "other_official": make_user(Role.OFFICIAL, email="other@ville.example"),
        "admin": make_user(Role.ADMIN, email="admin@example.org"),
    }
    follow_theme(people["housing"], housing)
    follow_theme(people["health"], health)
    follow_theme(people["both"], housing)
    follow_theme(people["both"], health)
    db.session.commit()
    return service, official, housing, health, people


def _refer(official, service, theme=None, question="Comment loger les saisonniers ?"):
    referral = referrals.create_referral(
        official,
        question=question,
        context="",
        service=service,
        wished_answer_date=council_today() + timedelta(days=30),
        language="fr",
        theme=theme,
    )
    db.session.commit()
    return referral


def test_a_referral_on_a_theme_reaches_those_who_follow_it_and_the_secretaries(make_user):
    service, official, housing, _health, people = _council(make_user)
    referral = _refer(official, service, housing)
    assert _told() == {
        "housing@example.org",
        "both@example.org",
        "none@example.org",  # follows no theme yet: hears of every referral
        "secretary@example.org",  # the bureau puts the city's questions on the agenda
    }  # not the member who follows health only, not officials, not the admin
    [mail] = [m for m in outbox() if m.recipient == "housing@example.org"]
    note = db.session.scalars(
        select(Notification).where(Notification.user_id == people["housing"].id)
    ).one()
    with force_locale("ps"):
        expected = notification_text(note)
    with force_locale("en"):
        assert expected != notification_text(note)
    assert mail.locale == "ps" and mail.subject == header_safe(expected)
    assert f"/referrals/{referral.id}" in mail.body


def test_a_referral_without_a_theme_reaches_every_member(make_user):
    service, official, _housing, _health, _people = _council(make_user)
    _refer(official, service)
    assert _told() == {
        "housing@example.org",
        "health@example.org",
        "both@example.org",
        "none@example.org",
        "secretary@example.org",
    }


def test_a_member_follows_and_stops_following_a_theme_from_the_proposals_page(client, make_user):
    service, official, housing, health, people = _council(make_user)
    client.login("none@example.org")
    page = client.get("/proposals/").get_data(as_text=True)
    assert "Themes you follow" in page and "Follow the theme Logement" in page
    followed = client.submit(
        f"/themes/{health.id}/follow", {"next": "/proposals/?theme=2"}, form_page="/proposals/"
    )
    assert followed.status_code == 303 and followed.headers["Location"] == "/proposals/?theme=2"
    assert followed_theme_ids(people["none"]) == {health.id}
    activity = client.get("/me/activity").get_data(as_text=True)
    assert "Theme: Santé" in activity and f"/proposals/?theme={health.id}" in activity
    settings = client.get("/notifications/preferences").get_data(as_text=True)
    assert "Stop following the theme Santé" in settings
    # Now that they chose, a referral on housing no longer reaches them.
    _refer(official, service, housing)
    assert "none@example.org" not in _told()
    stopped = client.submit(
        f"/themes/{health.id}/follow",
        {"stop": "1", "next": "https://evil.example/"},
        form_page="/notifications/preferences",
    )
    assert stopped.headers["Location"] == "/notifications/preferences"  # never off-site
    assert followed_theme_ids(people["none"]) == set()
    assert client.submit("/themes/999/follow", {}, form_page="/proposals/").status_code == 404
    client.logout()
    client.login("other@ville.example")  # officials do not follow themes: no section, no route
    assert "Themes you follow" not in client.get("/proposals/").get_data(as_text=True)
    assert "Themes you follow" not in client.get("/notifications/preferences").get_data(
        as_text=True
    )
    assert (
        db.session.scalar(select(Follow).where(Follow.user_id == people["other_official"].id))
        is None
    )


def test_the_official_chooses_the_theme_of_a_referral(client, make_user):
    service, official, housing, _health, _people = _council(make_user)
    client.login(official.email)
    form = client.get("/referrals/new").get_data(as_text=True)
    assert "No theme" in form and "Logement" in form
    sent = client.submit(
        "/referrals/new",
        {
            "question": "Comment loger les saisonniers ?",
            "context": "",
            "service_id": str(service.id),
            "wished_answer_date": (council_today() + timedelta(days=20)).isoformat(),
            "language": "fr",
            "theme_id": str(housing.id),
        },
    )
    assert sent.status_code == 302
    referral = db.session.scalar(select(Referral))
    assert referral.theme_id == housing.id
    assert "health@example.org" not in _told() and "housing@example.org" in _told()
    shown = client.get(f"/referrals/{referral.id}?lang=fr").get_data(as_text=True)
    assert "Thème" in shown and f"/proposals/?theme={housing.id}" in shown
