"""Notifications: in-app list, email now / daily / never, digests, following."""

from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import func, select

from council.dates import council_today
from council.extensions import db
from council.notifications.digest import send_daily_digests
from council.notifications.models import (
    Delivery,
    Notification,
    NotificationDigest,
    NotificationKind,
)
from council.notifications.operations import notify, preferences_of, set_preferences
from council.plain_text import isolate
from council.roles import Role
from tests.conftest import outbox
from tests.referral_helpers import comment_on, housing_service, official_of, open_referral


def notifications_of(user) -> list[Notification]:
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).all()


def tell(user, title="Logement", kind=NotificationKind.NEW_COMMENT, **params):
    notify([user], kind, title, "/referrals/1#comment-1", actor="Amina", **params)
    db.session.commit()


def test_notify_stores_kind_and_params_and_mails_in_the_readers_language(make_user):
    reader = make_user(Role.MEMBER, email="reader@example.org", locale="uk")
    inactive = make_user(Role.MEMBER, email="gone@example.org")
    inactive.is_active_account = False
    notify(
        [reader, reader, inactive, None],
        NotificationKind.COAUTHOR_INVITATION,
        "Vélo",
        "/x",
        actor="Karim",
    )
    db.session.commit()
    [note] = notifications_of(reader)
    assert note.params == {"actor": "Karim"} and note.subject_title == "Vélo"
    assert notifications_of(inactive) == []
    [mail] = outbox()
    assert mail.recipient == "reader@example.org" and mail.locale == "uk"
    with force_locale("uk"):
        expected = gettext(
            "%(actor)s invites you to co-author “%(title)s”.", actor="Karim", title="Vélo"
        )
    assert expected != "Karim invites you to co-author “Vélo”."
    assert expected in mail.subject
    assert "http://" in mail.body and "/x" in mail.body


def test_the_list_page_header_count_and_marking_read(client, make_user):
    reader = make_user(Role.MEMBER, email="reader@example.org")
    tell(reader, "Premier")
    tell(reader, "Second", kind=NotificationKind.STATE_CHANGE, state="adopted")
    client.login("reader@example.org")
    page = client.get("/notifications").get_data(as_text=True)
    assert "(2 unread)" in page
    assert f"{isolate('Amina')} commented on “{isolate('Premier')}”." in page
    assert f"“{isolate('Second')}” is now adopted." in page
    first, second = notifications_of(reader)
    response = client.submit(
        f"/notifications/{first.id}/read", {"open": "1"}, form_page="/notifications"
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/referrals/1#comment-1")
    assert "(1 unread)" in client.get("/notifications").get_data(as_text=True)
    client.submit("/notifications/read-all", {}, form_page="/notifications")
    page = client.get("/notifications").get_data(as_text=True)
    assert "unread)" not in page
    db.session.refresh(second)
    assert second.read_at is not None


def test_nobody_reads_someone_elses_notifications(client, make_user):
    owner = make_user(Role.MEMBER, email="owner@example.org")
    tell(owner)
    make_user(Role.MEMBER, email="other@example.org")
    client.login("other@example.org")
    [note] = notifications_of(owner)
    token = client.csrf_token("/notifications")
    assert (
        client.post(f"/notifications/{note.id}/read", data={"csrf_token": token}).status_code == 404
    )
    assert "No notification yet." in client.get("/notifications").get_data(as_text=True)
    db.session.refresh(note)
    assert note.read_at is None


def test_preferences_page_saves_choices_and_refuses_forged_values(client, make_user):
    reader = make_user(Role.MEMBER, email="reader@example.org")
    client.login("reader@example.org")
    choices = {kind.value: "immediately" for kind in NotificationKind}
    forged = client.submit("/notifications/preferences", {**choices, "new_comment": "hourly"})
    assert "Choose an option from the list." in forged.get_data(as_text=True)
    assert preferences_of(reader)[NotificationKind.NEW_COMMENT] == Delivery.IMMEDIATELY
    saved = client.submit(
        "/notifications/preferences", {**choices, "new_comment": "daily", "comment_reply": "never"}
    )
    assert saved.status_code == 302
    prefs = preferences_of(reader)
    assert prefs[NotificationKind.NEW_COMMENT] == Delivery.DAILY
    assert prefs[NotificationKind.COMMENT_REPLY] == Delivery.NEVER
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert '<option selected value="daily">' in page


def test_never_means_no_email_but_still_in_the_list(make_user):
    reader = make_user(Role.MEMBER, email="reader@example.org")
    set_preferences(reader, {NotificationKind.NEW_COMMENT: Delivery.NEVER})
    tell(reader)
    assert len(notifications_of(reader)) == 1
    assert outbox() == []


def test_daily_digest_is_sent_once_per_day(app, make_user):
    reader = make_user(Role.MEMBER, email="reader@example.org", locale="tr")
    other = make_user(Role.MEMBER, email="other@example.org")
    set_preferences(reader, {kind: Delivery.DAILY for kind in NotificationKind})
    tell(reader, "Un")
    tell(reader, "Deux", kind=NotificationKind.COMMENT_REPLY)
    tell(other, "Immédiat")
    assert [m.recipient for m in outbox()] == ["other@example.org"]
    today = council_today()
    assert send_daily_digests(today) == 1
    db.session.commit()
    digest = outbox()[-1]
    assert digest.recipient == "reader@example.org" and digest.locale == "tr"
    with app.test_request_context(), force_locale("tr"):
        subject = ngettext(
            "Council: %(num)d new notification today", "Council: %(num)d new notifications today", 2
        )
    assert digest.subject == subject  # in the reader's language, plural chosen for 2
    assert f"“{isolate('Un')}”" in digest.body and f"“{isolate('Deux')}”" in digest.body
    # Cron runs again (retry, second server): nothing new is sent the same day.
    result = app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0 and "0 daily and 0 weekly digest(s) queued" in result.output
    tell(reader, "Trois")
    assert send_daily_digests(today) == 0
    db.session.commit()
    assert len(outbox()) == 2
    # The next day only the news not sent yet goes out.
    assert send_daily_digests(today + timedelta(days=1)) == 1
    db.session.commit()
    last = outbox()[-1].body
    assert isolate("Trois") in last and isolate("Un") not in last
    assert db.session.scalar(select(func.count(NotificationDigest.id))) == 2


def test_read_notifications_are_left_out_of_the_digest(make_user):
    reader = make_user(Role.MEMBER, email="reader@example.org")
    set_preferences(reader, {NotificationKind.NEW_COMMENT: Delivery.DAILY})
    tell(reader)
    notifications_of(reader)[0].read_at = notifications_of(reader)[0].created_at
    db.session.commit()
    assert send_daily_digests(council_today()) == 0


@pytest.fixture
def referral(make_user):
    service = housing_service()
    return open_referral(official_of(make_user, service), service)


def test_following_a_subject_brings_its_news(client, make_user, referral):
    follower = make_user(Role.MEMBER, email="follower@example.org")
    client.login("follower@example.org")
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert ">Follow<" in page
    url = f"/follow/referral/{referral.id}"
    assert client.submit(url, {}, form_page=f"/referrals/{referral.id}").status_code == 302
    client.submit(url, {}, form_page=f"/referrals/{referral.id}")  # double click: still one
    assert "Stop following" in client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    writer = make_user(Role.MEMBER, email="writer@example.org")
    comment_on(referral, writer, "Nouvelle idée")
    kinds = [n.kind for n in notifications_of(follower)]
    assert kinds.count(NotificationKind.NEW_COMMENT) == 1
    client.submit(url, {"stop": "1"}, form_page=f"/referrals/{referral.id}")
    comment_on(referral, writer, "Encore une")
    assert [n.kind for n in notifications_of(follower)].count(NotificationKind.NEW_COMMENT) == 1


def test_following_unknown_subjects_is_404(client, make_user, referral):
    make_user(Role.MEMBER, email="follower@example.org")
    client.login("follower@example.org")
    token = client.csrf_token("/notifications")
    assert client.post("/follow/poem/1", data={"csrf_token": token}).status_code == 404
    assert client.post("/follow/referral/999999", data={"csrf_token": token}).status_code == 404


def test_the_comment_author_is_not_told_about_their_own_comment(make_user, referral):
    official = referral.referred_by
    comment_on(referral, official, "Ma propre note", as_service_id=referral.service_id)
    assert [n for n in notifications_of(official) if n.kind == NotificationKind.NEW_COMMENT] == []


def test_the_settings_page_offers_each_person_the_kinds_that_can_reach_them(client, make_user):
    """A member is not asked about their service's deadlines, an official not about proxies;
    someone with two roles sees both; a hidden kind keeps its choice when the page is saved."""
    from council.notifications.kinds import KIND_LABELS
    from council.notifications.reach import kinds_reaching

    def offered(email: str) -> set[str]:
        client.login(email)
        page = client.get("/notifications/preferences").get_data(as_text=True)
        client.logout()
        return {kind.value for kind in NotificationKind if f'name="{kind.value}"' in page}

    member = make_user(Role.MEMBER, email="member@example.org")
    make_user(Role.OFFICIAL, email="official@example.org")
    make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org")
    make_user(Role.ADMIN, email="admin@example.org")
    everyone = {"new_comment", "state_change", "city_answer"}
    member_kinds = {
        "coauthor_invitation",
        "comment_reply",
        "referral_received",
        "proposal_cosigned",
        "proxy",
        "meeting",
        "poll_opened",
        "minutes_published",
    }
    assert offered("member@example.org") == everyone | member_kinds
    assert offered("official@example.org") == everyone | {
        "comment_reply",
        "recommendation_received",
        "deadline_soon",
    }
    assert offered("secretary@example.org") == everyone | member_kinds | {"secretariat_task"}
    assert offered("admin@example.org") == everyone
    # Saving the member's page leaves the kinds they are not offered as they were.
    set_preferences(member, {NotificationKind.DEADLINE_SOON: Delivery.WEEKLY})
    db.session.commit()
    client.login("member@example.org")
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "Email notifications" in page
    assert str(KIND_LABELS[NotificationKind.DEADLINE_SOON]) not in page
    choices = {kind.value: "daily" for kind in kinds_reaching(member)}
    assert client.submit("/notifications/preferences", choices).status_code == 302
    prefs = preferences_of(member)
    assert prefs[NotificationKind.DEADLINE_SOON] == Delivery.WEEKLY
    assert prefs[NotificationKind.PROXY] == Delivery.DAILY
