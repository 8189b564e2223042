"""Issue 13: digests every period (the clock moves), and every notification email says why it
came, links to the settings and can be stopped in one click (RFC 8058) — through real SMTP."""

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from council.extensions import db
from council.mail.delivery import deliver_pending
from council.notifications.digest import WEEKLY_DIGEST_DAY, send_digests
from council.notifications.models import Delivery, NotificationDigest, NotificationKind
from council.notifications.operations import notify, preferences_of, set_preferences
from council.roles import Role
from tests.conftest import outbox
from tests.test_mail import smtp_server  # noqa: F401 — a real aiosmtpd server

MONDAY = date(2026, 11, 2)
assert MONDAY.weekday() == WEEKLY_DIGEST_DAY


def tell(user, title, kind=NotificationKind.CITY_ANSWER):
    notify([user], kind, title, "/recommendations/1", event="answered", service="Habitat")
    db.session.commit()


def digest_bodies(recipient: str) -> list[str]:
    return [m.body for m in outbox() if m.recipient == recipient]


def test_daily_and_weekly_digests_go_every_period_not_once(make_user):
    daily = make_user(Role.MEMBER, email="daily@example.org")
    weekly = make_user(Role.MEMBER, email="weekly@example.org", locale="fr")
    set_preferences(daily, {kind: Delivery.DAILY for kind in NotificationKind})
    set_preferences(weekly, {kind: Delivery.WEEKLY for kind in NotificationKind})
    db.session.commit()
    sent_weeks = 0
    for day_number in range(22):  # three weeks and a day, one cron run a day
        today = MONDAY + timedelta(days=day_number)
        tell(daily, f"Jour {day_number}")
        tell(weekly, f"Semaine {day_number}")
        counts = send_digests(today)
        db.session.commit()
        assert counts[Delivery.DAILY] == 1, today  # every day, each day's news
        sent_weeks += counts[Delivery.WEEKLY]
        assert send_digests(today) == {Delivery.DAILY: 0, Delivery.WEEKLY: 0}  # cron again
    assert sent_weeks == 4  # weeks of 2, 9, 16 and 23 November: every week, not once
    assert len(digest_bodies("daily@example.org")) == 22
    weekly_bodies = digest_bodies("weekly@example.org")
    assert len(weekly_bodies) == 4
    # The second weekly digest carries the news of the days after the first one, once each.
    carried = [re.findall(r"Semaine (\d+)", body) for body in weekly_bodies]
    assert carried[0] == ["0"]  # Monday's run: what came before it
    assert carried[1] == [str(n) for n in range(1, 8)]  # then each week's news, once
    assert carried[2] == [str(n) for n in range(8, 15)]
    assert "par semaine" in weekly_bodies[0] or "hebdomadaire" in weekly_bodies[0]
    weekly_rows = select(func.count(NotificationDigest.id)).where(
        NotificationDigest.period == Delivery.WEEKLY
    )
    assert db.session.scalar(weekly_rows) == 4


def test_the_email_says_why_and_unsubscribes_in_one_click(
    app,
    client,
    make_user,
    smtp_server,  # noqa: F811 — the fixture imported above
):
    reader = make_user(Role.MEMBER, email="reader@example.org", locale="en")
    with app.test_request_context():
        tell(reader, "Des logements pour tous")
        assert deliver_pending().counts() == (1, 0, 0)
    [raw] = smtp_server.raw
    [(_rcpt, email)] = smtp_server.messages
    url = email["List-Unsubscribe"].strip("<>")
    # Written plainly, on one line, so that mail programs offer their unsubscribe button.
    assert f"List-Unsubscribe: <{url}>".encode() in raw
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
    assert b"=?utf-8?" not in raw.split(b"List-Unsubscribe:")[1].split(b"\n")[0]
    body = email.get_content()
    assert "You receive this email because you chose to be emailed about:" in body
    assert "/notifications/preferences" in body and url in body
    path = url.split("://", 1)[1].split("/", 1)[1]
    # The mail program's one-click POST: no session, no form token.
    page = client.get(f"/{path}").get_data(as_text=True)
    assert "Unsubscribe" in page
    response = client.post(f"/{path}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert preferences_of(reader)[NotificationKind.CITY_ANSWER] == Delivery.NEVER
    assert preferences_of(reader)[NotificationKind.PROXY] == Delivery.IMMEDIATELY
    tell(reader, "Encore")
    assert len(outbox()) == 1  # still on the site, no more email of that kind
    # A forged or damaged link changes nothing.
    assert client.post(f"/{path}x").status_code == 404
    assert client.get("/notifications/unsubscribe/abc").status_code == 404


def test_a_digest_link_stops_the_kinds_it_carried(client, make_user):
    reader = make_user(Role.MEMBER, email="reader@example.org")
    set_preferences(
        reader, {NotificationKind.CITY_ANSWER: Delivery.WEEKLY, NotificationKind.PROXY: "daily"}
    )
    db.session.commit()
    tell(reader, "Logement")
    send_digests(MONDAY)
    db.session.commit()
    [digest] = outbox()
    path = "/" + digest.unsubscribe_url.split("://", 1)[1].split("/", 1)[1]
    assert client.post(path).status_code == 200
    chosen = preferences_of(reader)
    assert chosen[NotificationKind.CITY_ANSWER] == Delivery.NEVER
    assert chosen[NotificationKind.PROXY] == Delivery.DAILY
