"""Minutes in the browser: the public reads the demo minutes (French and Arabic passages) on a
phone and downloads the PDF; the secretary goes from a closed meeting to published minutes."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from council import proceedings
from council.accounts.models import User
from council.db_types import utcnow
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings import queries as meeting_queries
from council.meetings.demo import PAST_TITLE

pytestmark = pytest.mark.browser

SECRETARY = "secretaire@council.example"
ARABIC_NARRATIVE = "ناقش الأعضاء مواعيد المكتبات"


def test_public_reads_the_demo_minutes(journey):
    page, t = journey.page, journey.t
    journey.visit("/meetings/", "meetings")
    main = page.locator("main")
    journey.follow(main.get_by_role("link", name=PAST_TITLE), "meeting")
    journey.follow(main.get_by_role("link", name=t("Read the minutes")), "minutes")
    journey.expect_text(PAST_TITLE, within="h1")
    journey.expect_text(t("Easy-read summary"))
    # The debate summary written in Arabic (the agenda's titles may be Arabic translations).
    arabic = main.locator('.minutes-text[lang="ar"][dir="rtl"]').first
    assert "تحدّث" in arabic.inner_text()
    assert main.locator('[lang="fr"][dir="ltr"]').first.is_visible()
    assert main.get_by_role("table").first.is_visible()
    pdf = page.request.get(journey.server.url + main.get_by_role(
        "link", name=t("Download as PDF")).get_attribute("href"))  # fmt: skip
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"


def _closed_meeting(server, title: str) -> int:
    """A meeting held and closed just now (as the meeting pages would), with draft minutes."""
    with server.app.app_context():
        secretary = db.session.scalar(select(User).where(User.email == SECRETARY))
        starts = utcnow().replace(microsecond=0) + timedelta(days=60)
        meeting = meetings.schedule_meeting(
            secretary, kind="plenary", title=title, starts_at=starts,
            ends_at=starts + timedelta(hours=2), place="Maison des habitants",
        )  # fmt: skip
        meetings.add_agenda_item(
            meeting,
            secretary,
            kind="information",
            title="Horaires des bibliothèques",
            description="",
        )
        meetings.start_session(meeting, secretary)
        for member in meeting_queries.entitled_members(meeting)[:12]:
            meetings.record_attendance(meeting, secretary, member=member, status="present")
        proceedings.close_meeting(meeting, secretary)
        db.session.commit()
        return meeting.id


def test_secretary_writes_approves_and_publishes_minutes(journey, demo_password):
    page, t = journey.page, journey.t
    title = f"Séance de test ({journey.locale}, {journey.device})"
    meeting_id = _closed_meeting(journey.server, title)
    journey.login(SECRETARY, demo_password)
    journey.visit(f"/meetings/{meeting_id}", "closed-meeting")
    main = page.locator("main")
    journey.follow(main.get_by_role("link", name=t("Write the minutes")), "write")
    main.get_by_label(t("Easy-read summary (optional)"), exact=True).fill(
        "Le conseil a parlé des livres."
    )
    main.get_by_label(t("General summary"), exact=True).fill(
        "Séance consacrée aux **bibliothèques**."
    )
    main.get_by_label(t("Summary of the debate"), exact=True).fill(ARABIC_NARRATIVE)
    main.get_by_label(t("Language of this text"), exact=True).select_option("ar")
    journey.submit("saved", t("Save the minutes"))
    journey.expect_text(t("The minutes are saved."))
    journey.follow(main.get_by_role("link", name=t("History of the text")), "history")
    journey.follow(main.get_by_role("link", name=t("Version %(num)d", num=1)), "version-1")
    journey.expect_text(ARABIC_NARRATIVE)

    journey.server.app.config["MINUTES_BUREAU_APPROVAL"] = True
    try:
        journey.visit(f"/meetings/{meeting_id}/minutes/edit", "approval")
        main.get_by_label(t("Decision of the bureau"), exact=True).fill("Approuvé par le bureau.")
        journey.submit("approved", t("Record the approval"))
    finally:
        journey.server.app.config["MINUTES_BUREAU_APPROVAL"] = False
    journey.expect_text(t("The minutes are approved. Their text is now frozen."))
    journey.submit("published", t("Publish the minutes"))
    journey.expect_text(t("The minutes are published: everyone can read them."))
    journey.expect_text(ARABIC_NARRATIVE)

    journey.log_out()
    journey.visit(f"/meetings/{meeting_id}/minutes", "public-minutes")
    journey.expect_text(title, within="h1")
