"""Email without an account when minutes are published: double opt-in, the subscriber's
language, one-click unsubscribe (link and List-Unsubscribe), no tracking, throttled requests.
Delivered through a real SMTP server (aiosmtpd)."""

from sqlalchemy import func, select

from council import proceedings
from council.extensions import db
from council.mail.delivery import deliver_pending
from council.minutes.models import MinutesSubscriber
from tests.conftest import link_in, outbox
from tests.minutes_helpers import approve_and_publish, closed_meeting
from tests.test_mail import smtp_server  # noqa: F401 — the real SMTP server fixture
from tests.test_minutes import text_of


def subscribe(client, email="reader@example.org", locale="uk", **headers):
    return client.submit("/subscribe", {"email": email, "locale": locale}, **headers)


def test_double_opt_in_then_mail_in_the_subscribers_language(
    app,
    client,
    make_user,
    smtp_server,  # noqa: F811
):
    response = subscribe(client)
    assert response.status_code == 303
    assert "Nothing is sent before you confirm" in text_of(client.get("/subscribe"))
    [confirmation] = outbox()
    assert confirmation.recipient == "reader@example.org" and confirmation.locale == "uk"
    subscriber = db.session.scalar(select(MinutesSubscriber))
    assert subscriber.confirmed_at is None and subscriber.locale == "uk"

    made = closed_meeting(make_user)
    approve_and_publish(app, made["minutes"], made["secretary"])
    # Not confirmed: nothing announced (the members are told as members, by notification).
    assert [m.recipient for m in outbox()].count("reader@example.org") == 1

    page = client.get(link_in(confirmation.body))
    assert page.status_code == 200 and "Your subscription is confirmed" in text_of(page)
    assert client.get(link_in(confirmation.body)).status_code == 404  # single use

    other = closed_meeting_again(app, made)
    with app.app_context():
        assert deliver_pending().counts()[1:] == (0, 0)
    # The confirmation, then one announcement (the members' own notifications aside).
    confirm_mail, announcement = [
        email for rcpts, email in smtp_server.messages if rcpts == ["reader@example.org"]
    ]
    assert "List-Unsubscribe" not in confirm_mail
    assert announcement["To"] == "reader@example.org"
    assert announcement["Content-Language"] == "uk"
    body = announcement.get_content()
    assert f"/meetings/{other.id}/minutes" in body
    assert body.startswith("Вітаємо!")  # rendered in the subscriber's language
    unsubscribe = announcement["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/subscribe/unsubscribe/" in unsubscribe
    assert announcement["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in body  # the same link in the text
    assert "<img" not in body and "utm_" not in body  # plain text, no tracking

    # RFC 8058 one-click: a bare POST (no form token) from the mail program.
    path = link_in(unsubscribe.strip("<>"))
    done = client.post(path)
    assert done.status_code == 200 and "You are unsubscribed" in text_of(done)
    assert db.session.scalar(select(func.count()).select_from(MinutesSubscriber)) == 0
    assert "not subscribed (any more)" in text_of(client.get(path))


def closed_meeting_again(app, made):
    """A second meeting of the same people, closed, approved and published."""
    from council.meetings import operations as meetings
    from council.minutes.queries import minutes_of
    from tests.meeting_helpers import new_meeting

    secretary = made["secretary"]
    meeting = new_meeting(secretary, days=20, title="Autumn plenary")
    meetings.start_session(meeting, secretary)
    proceedings.close_meeting(meeting, secretary)
    db.session.commit()
    approve_and_publish(app, minutes_of(meeting), secretary)
    return meeting


def test_unsubscribe_page_has_one_button(client):
    response = subscribe(client, locale="fr")
    key = db.session.scalar(select(MinutesSubscriber.unsubscribe_key))
    page = text_of(client.get(f"/subscribe/unsubscribe/{key}"))
    assert f'action="/subscribe/unsubscribe/{key}"' in page and "Unsubscribe" in page
    assert response.status_code == 303


def test_subscribing_twice_reveals_nothing_and_sends_no_second_announcement(client):
    subscribe(client)
    confirmation = outbox()[-1]
    client.get(link_in(confirmation.body))
    again = subscribe(client)
    assert again.status_code == 303
    assert len(outbox()) == 1  # a confirmed address gets no new mail
    assert db.session.scalar(select(func.count()).select_from(MinutesSubscriber)) == 1


def test_bad_input_and_abuse(client):
    for email in ("", "not-an-email", "<script>@x", "a" * 300 + "@example.org"):
        response = subscribe(client, email=email)
        assert response.status_code == 200, email
        assert "Enter a valid email address" in text_of(response) or "required" in text_of(response)
    assert subscribe(client, locale="xx").status_code == 200
    assert outbox() == []
    statuses = [subscribe(client, email="victim@example.org").status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]  # per email address: 3 a day
    refused = subscribe(client, email="victim@example.org")
    assert "Too many requests" in text_of(refused)
    assert len(outbox()) == 3
    statuses = [subscribe(client, email=f"p{i}@example.org").status_code for i in range(8)]
    assert statuses.count(429) == 1  # per client address: 10 an hour (3 used above)
    assert client.get("/subscribe/confirm/forged-token").status_code == 404
    assert client.post("/subscribe/unsubscribe/forged-key").status_code == 200
    no_token = client.post("/subscribe", data={"email": "x@example.org", "locale": "fr"})
    assert no_token.status_code == 400  # CSRF protects the form itself
