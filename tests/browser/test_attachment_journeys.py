"""Papers of the council in a browser: a member attaches a phone photo to a draft (the place it
was taken is gone from what is served), the secretary attaches the invitation letter to a
meeting, and anyone downloads it from the meeting's page."""

import pytest
from sqlalchemy import select

from council.attachments.sizes import human_size
from council.extensions import db
from council.meetings.demo import NEXT_TITLE
from tests import attachment_files as files
from tests.browser import council_data

pytestmark = pytest.mark.browser

DRAFT_TITLES = {"fr": "Réparer la rampe de la médiathèque", "ar": "إصلاح منحدر المكتبة"}
PHOTO = {"fr": ("Photo de la rampe cassée", "La rampe d'accès, fissurée en deux"),
         "ar": ("صورة المنحدر المكسور", "منحدر الدخول مكسور إلى نصفين")}  # fmt: skip
NOT_ACCEPTED = (
    "This kind of file is not accepted. Send a PDF, a text document (ODT, DOCX), a "
    "spreadsheet (ODS, XLSX), a picture (PNG, JPEG, WebP) or plain text."
)
LETTER = {"fr": "Lettre d'invitation", "ar": "رسالة الدعوة"}


def a_draft_of(server, login: str, title: str, locale: str) -> int:
    from council.proposals import operations
    from council.proposals.models import Proposal, Theme

    with council_data.in_app(server):
        found = db.session.scalar(select(Proposal.id).where(Proposal.title == title))
        if found:
            return found
        theme = db.session.scalar(select(Theme).where(Theme.name == "Droits"))
        author = council_data.member(login)
        body = "La rampe est cassée depuis l'hiver." if locale == "fr" else "المنحدر مكسور."
        return operations.create_proposal(author, title, body, theme, locale).id


def upcoming_meeting_id(server) -> int:
    from council.meetings.models import Meeting

    with council_data.in_app(server):
        return db.session.scalar(select(Meeting.id).where(Meeting.title == NEXT_TITLE))


def fill_attachment_form(journey, *, name: str, data: bytes, mime: str, title: str, alt=""):
    main, t = journey.page.locator("main"), journey.t
    main.get_by_label(t("File"), exact=True).set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )
    main.get_by_label(t("Title"), exact=True).fill(title)
    if alt:
        main.get_by_label(t("Text alternative (for pictures)")).fill(alt)
    main.get_by_label(t("Language of the file")).select_option(journey.locale)


def test_member_attaches_a_phone_photo_to_a_draft(journey, live_server, demo_password):
    page, t = journey.page, journey.t
    login = f"papers-{journey.locale}-{journey.device}"
    email = council_data.new_member(live_server, login, f"Nadia ({journey.locale})", "fr")
    title = f"{DRAFT_TITLES[journey.locale]} ({journey.device})"
    draft_id = a_draft_of(live_server, login, title, journey.locale)
    photo_title, alt = PHOTO[journey.locale]

    journey.login(email, demo_password)
    journey.visit(f"/proposals/{draft_id}", "draft")
    main = page.locator("main")
    journey.follow(main.get_by_role("link", name=t("Attach a file")), "attach-form")
    with live_server.app.test_request_context(f"/?lang={journey.locale}"):
        limit = human_size(live_server.app.config["ATTACHMENT_MAX_BYTES"])
    journey.expect_text(t("At most %(limit)s per file.", limit=limit))

    # A file that is not what its name says is refused, with the reason next to the field.
    fill_attachment_form(
        journey, name="facture.pdf", data=files.program_renamed_pdf(), mime="application/pdf",
        title=photo_title,
    )  # fmt: skip
    journey.submit("refused-file", t("Attach the file"))
    journey.expect_text(t(NOT_ACCEPTED))

    fill_attachment_form(
        journey, name="IMG_0042.jpg", data=files.phone_photo(), mime="image/jpeg",
        title=photo_title, alt=alt,
    )  # fmt: skip
    journey.submit("photo-attached", t("Attach the file"))
    journey.expect_text(t("The file is attached."))
    files_section = main.locator("section.attachments")
    link = files_section.get_by_role("link", name=photo_title)
    link_href = link.get_attribute("href")
    preview = files_section.get_by_role("img", name=alt)  # with its text alternative
    preview.scroll_into_view_if_needed()  # loaded when near the screen (loading="lazy")
    loaded = "img => img.complete && img.naturalWidth > 0"
    page.wait_for_function(loaded, arg=preview.element_handle())
    journey.check("photo-listed")

    served = page.request.get(live_server.url + link_href)
    assert served.status == 200 and served.headers["content-type"] == "image/jpeg"
    assert files.gps_of(served.body()) == {}  # the place it was taken is gone
    assert b"PhoneMaker" not in served.body()
    # A picture opens in the browser itself (sandboxed: no page checks run inside it).
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(link_href)


def test_secretary_attaches_the_invitation_and_the_public_downloads_it(
    journey, open_journey, live_server, demo_password
):
    page, t = journey.page, journey.t
    meeting_id = upcoming_meeting_id(live_server)
    title = f"{LETTER[journey.locale]} ({journey.device})"
    letter = files.pdf()

    journey.login("secretaire@council.example", demo_password)
    journey.visit(f"/meetings/{meeting_id}", "meeting")
    main = page.locator("main")
    attach = main.locator(f'a[href="/attachments/meeting/{meeting_id}/new"]')
    journey.follow(attach, "attach-form")
    fill_attachment_form(
        journey, name="Lettre d’invitation.pdf", data=letter, mime="application/pdf", title=title
    )
    journey.submit("letter-attached", t("Attach the file"))
    journey.expect_text(t("The file is attached."))

    public = open_journey(person="public")
    public.visit(f"/meetings/{meeting_id}", "meeting-with-letter")
    link = public.page.locator("main").get_by_role("link", name=title)
    public.expect_text(public.t("PDF document"))
    with public.page.expect_download() as download:
        link.click()
    saved = download.value
    assert saved.suggested_filename == "Lettre d’invitation.pdf"
    with open(saved.path(), "rb") as received:
        assert received.read() == letter
