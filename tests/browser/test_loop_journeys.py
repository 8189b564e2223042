"""Issue 13, carried through the loop: the official answers a recommendation and its author and
a co-signer find it on their home page and in their email, each in their own language; a member
who receives a proxy is told; the public follows a recommendation by email and gets the
follow-up."""

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from council.accounts.operations import find_user_by_email
from council.db_types import utcnow
from council.extensions import db
from council.mail.models import OutboxMessage
from council.plain_text import isolate
from tests.browser import council_data

pytestmark = pytest.mark.browser

OFFICIAL = "habitat@council.example"


def mails_to(server, email: str) -> list[OutboxMessage]:
    with council_data.in_app(server):
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)
        ).all()
        db.session.expunge_all()
        return rows


def in_language(server, locale: str, text: str, **values) -> str:
    with server.app.test_request_context("/"), force_locale(locale):
        return gettext(text, **values)


def log_out(journey):
    journey.log_out()  # the header's button, or the menu page's on a phone


def test_the_citys_answer_reaches_the_author_and_a_cosigner(journey, live_server, demo_password):
    page, t = journey.page, journey.t
    run = f"({journey.locale}, {journey.device})"
    title = f"Des fontaines d’eau potable dans les parcs {run}"
    # Amina (Arabic) writes it, Karim (French) co-signs it.
    council_data.submitted_proposal(live_server, title, "amina", ["karim", "olena"])
    recommendation = council_data.transmitted_recommendation(live_server, title)
    housing = council_data.service(live_server, council_data.HOUSING_SERVICE, journey.locale)
    main = page.locator("main")

    journey.login(OFFICIAL, demo_password)
    journey.visit(f"/inbox/{recommendation}/services/{housing['id']}/respond", "respond")
    main.get_by_label(journey.tp("response", "partially accepted"), exact=True).check()
    main.get_by_label(t("Justification")).fill(f"Deux fontaines cette année {run}.")
    main.get_by_label(t("Language of the text")).select_option("fr")
    journey.submit("response-published", t("Publish the response"))
    log_out(journey)

    # The name and the title are isolated inside the sentence (U+2068 … U+2069).
    told = t(
        "%(service)s answered “%(title)s”.", service=isolate(housing["name"]), title=isolate(title)
    )
    for login in ("amina", "karim"):
        journey.login(f"{login}@council.example", demo_password)
        journey.visit("/me", f"home-{login}")
        journey.expect_text(t("What is new for you"))
        journey.expect_text(told)
        log_out(journey)

    # The email, in each person's own language (whatever the language of the browser).
    for login, locale in (("amina", "ar"), ("karim", "fr")):
        service_name = council_data.service(live_server, council_data.HOUSING_SERVICE, locale)
        expected = in_language(
            live_server,
            locale,
            "%(service)s answered “%(title)s”.",
            service=service_name["name"],
            title=title,
        )
        [mail] = [
            m for m in mails_to(live_server, f"{login}@council.example") if m.subject == expected
        ]
        assert mail.locale == locale
        assert mail.unsubscribe_url and "/notifications/unsubscribe/" in mail.unsubscribe_url


def test_a_member_who_receives_a_proxy_is_told(journey, live_server, demo_password):
    from council.meetings import operations as meetings
    from tests.browser.council_data import member

    t = journey.t
    run = f"{journey.locale}-{journey.device}"
    holder_login = f"holder-{run}"
    holder = council_data.new_member(live_server, holder_login, f"Holder {run}", "fr")
    secretary_meeting_title = f"Groupe de travail {run}"
    with council_data.in_app(live_server):
        secretary = find_user_by_email("secretaire@council.example")
        starts = utcnow().replace(microsecond=0) + timedelta(days=5)
        meeting = meetings.schedule_meeting(
            secretary,
            kind="plenary",
            title=secretary_meeting_title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Hôtel de ville",
        )
        giver = member("rosa")
        meetings.give_proxy(meeting, giver, giver=giver, holder=find_user_by_email(holder))
    journey.login(holder, demo_password)
    journey.visit("/me", "home-proxy")
    journey.expect_text(t("What is new for you"))
    shown = " ".join(journey.page.locator("main").inner_text().split())
    assert "Rosa Mendes" in shown and secretary_meeting_title in shown
    journey.visit("/notifications", "notifications-proxy")
    journey.visit("/notifications/preferences", "email-choices")
    journey.expect_text(t("Email me once a week (digest)"))
    journey.visit("/me/activity", "my-activity")
    journey.expect_text(t("Held for %(name)s", name="Rosa Mendes"))
    [mail] = [m for m in mails_to(live_server, holder) if "Rosa Mendes" in m.subject]
    assert mail.locale == "fr" and "procuration" in mail.subject


def test_the_public_follows_a_recommendation_and_gets_the_follow_up(
    journey, live_server, demo_password
):
    from council.recommendations import operations
    from council.recommendations.models import Commitment, Recommendation, Response
    from council.services.models import Service

    page, t = journey.page, journey.t
    run = f"({journey.locale}, {journey.device})"
    title = f"Des bancs à l’ombre près des écoles {run}"
    recommendation = council_data.transmitted_recommendation(live_server, title)
    address = f"voisine-{journey.locale}-{journey.device}@example.org"
    main = page.locator("main")

    journey.visit(f"/recommendations/{recommendation}", "recommendation")
    link = main.get_by_role(
        "link", name=t("Follow the city’s answers by email (no account needed)")
    )
    journey.follow(link, "follow-by-email")
    main.get_by_label(t("Email address")).fill(address)
    main.get_by_label(t("Language of the emails")).select_option(journey.locale)
    journey.submit("follow-asked", t("Follow by email"))
    [confirmation] = mails_to(live_server, address)
    assert confirmation.locale == journey.locale
    confirm_path = re.search(r"https?://[^/\s]+(/\S+)", confirmation.body).group(1)
    journey.visit(confirm_path, "follow-confirmed")
    journey.expect_text(t("You follow this page by email"))

    with council_data.in_app(live_server):
        housing = db.session.scalar(
            select(Service).where(Service.name == council_data.HOUSING_SERVICE)
        )
        official = find_user_by_email(OFFICIAL)
        recommendation_row = db.session.get(Recommendation, recommendation)
        operations.respond_to_recommendation(
            recommendation_row,
            official,
            service=housing,
            status="accepted",
            justification="Oui.",
            commitments=[
                {"text": "Installer des bancs", "target_date": recommendation_row.deadline}
            ],
            language="fr",
        )
        db.session.flush()
        commitment = db.session.scalar(
            select(Commitment).join(Response).where(Response.recommendation_id == recommendation)
        )
        operations.post_follow_up(
            commitment, official, status="in_progress", note="Commandés.", language="fr"
        )
    answered, followed_up = mails_to(live_server, address)[1:]
    housing_name = council_data.service(live_server, council_data.HOUSING_SERVICE, journey.locale)
    expected = t(
        "%(service)s posted a follow-up on “%(title)s”.", service=housing_name["name"], title=title
    )
    assert followed_up.locale == journey.locale and followed_up.subject == expected
    assert f"/recommendations/{recommendation}" in followed_up.body
    assert answered.unsubscribe_url in answered.body
    # One click in the email: the address is forgotten.
    stop_path = re.search(r"https?://[^/\s]+(/\S+)", followed_up.unsubscribe_url).group(1)
    journey.visit(stop_path, "follow-stop")
    journey.submit("follow-stopped", t("Unsubscribe"))
    journey.expect_text(t("You are unsubscribed"))
