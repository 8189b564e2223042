"""Attaching files: what is accepted (by content), what is refused (hostile files), what is
served (headers, metadata gone) and that nothing is stored when a file is refused."""

import io

import pytest
from PIL import Image

from council.attachments.models import Attachment, AttachmentChunk, FileKind
from council.extensions import db
from council.roles import Role
from tests import attachment_files as files
from tests.proposal_factories import a_draft, count


@pytest.fixture
def author(make_user, client):
    person = make_user(Role.MEMBER, email="amina@example.org", name="Amina")
    client.login("amina@example.org")
    return person


@pytest.fixture
def draft(author):
    return a_draft(author)


def attach(client, draft, data: bytes, name: str, **fields):
    url = f"/attachments/proposal/{draft.id}/new"
    form = {"title": "Photo de la rampe", "language": "fr", "alt_text": "", **fields}
    form["file"] = (io.BytesIO(data), name)
    return client.submit(url, form, content_type="multipart/form-data")


def only_attachment() -> Attachment:
    (attachment,) = db.session.scalars(db.select(Attachment)).all()
    return attachment


def test_phone_photo_loses_its_gps_camera_and_author(client, draft):
    photo = files.phone_photo()
    assert files.gps_of(photo)  # the test photo does carry the place it was taken
    response = attach(client, draft, photo, "IMG_0042.jpg", alt_text="La rampe cassée")
    assert response.status_code == 303
    attachment = only_attachment()
    assert attachment.file_kind == FileKind.JPEG and attachment.filename == "IMG_0042.jpg"
    served = client.get(f"/files/{attachment.token}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    body = served.get_data()
    assert files.gps_of(body) == {}
    with Image.open(io.BytesIO(body)) as picture:
        assert max(picture.size) == 2000  # bounded
        assert not picture.getexif()  # no camera, no author, nothing
        assert "icc_profile" not in picture.info
    assert b"PhoneMaker" not in body and b"Amina B." not in body
    preview = client.get(f"/files/{attachment.token}/preview")
    with Image.open(io.BytesIO(preview.get_data())) as small:
        assert max(small.size) <= 480
    page = client.get(f"/proposals/{draft.id}").get_data(as_text=True)
    assert 'alt="La rampe cassée"' in page and "Photo de la rampe" in page


def test_a_picture_needs_a_text_alternative(client, draft):
    response = attach(client, draft, files.phone_photo(300, 200), "p.jpg", alt_text="  ")
    assert response.status_code == 200
    assert "Describe the picture for people who cannot see it" in response.get_data(as_text=True)
    assert count(Attachment) == 0 and count(AttachmentChunk) == 0


def test_documents_are_served_as_downloads_with_safe_headers(client, draft):
    response = attach(client, draft, files.pdf(), "Lettre d’invitation\u202e.pdf")
    assert response.status_code == 303
    attachment = only_attachment()
    assert attachment.filename == "Lettre d’invitation.pdf"  # the bidi override is gone
    served = client.get(f"/files/{attachment.token}")
    assert served.get_data() == files.pdf()
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert served.headers["Content-Disposition"] == (
        'attachment; filename="Lettre dinvitation.pdf"; '
        "filename*=UTF-8''Lettre%20d%E2%80%99invitation.pdf"
    )
    assert served.headers["Cache-Control"] == "private, no-store"  # a draft is private


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (files.docx(), FileKind.DOCX),
        (files.xlsx(), FileKind.XLSX),
        (files.odf("text"), FileKind.ODT),
        (files.odf("spreadsheet"), FileKind.ODS),
        (files.webp(), FileKind.WEBP),
        (files.png(), FileKind.PNG),
        ("Compte rendu — séance du 3 mars\nمرحبا\n".encode(), FileKind.TEXT),
    ],
)
def test_accepted_kinds_are_told_by_content(client, draft, data, kind):
    response = attach(client, draft, data, "whatever.bin", alt_text="Un carré")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert only_attachment().file_kind == kind


HOSTILE = {
    "program renamed .pdf": (files.program_renamed_pdf(), "facture.pdf", "is not accepted"),
    "SVG with a script": (files.SVG_WITH_SCRIPT, "logo.svg", "is not accepted"),
    "HTML sent as text": (files.HTML_AS_TEXT, "notes.txt", "is not accepted"),
    "PDF with JavaScript": (files.pdf_with_javascript(), "a.pdf", "contains scripts"),
    "PDF with #-escaped JavaScript": (
        files.pdf_with_escaped_javascript(), "a.pdf", "contains scripts"),
    "PDF launching a program from an object stream": (
        files.pdf_with_launch_in_object_stream(), "a.pdf", "contains scripts"),
    "PDF with an archive after its end": (
        files.pdf_with_zip_after_end(), "a.pdf", "hides another"),
    "zip bomb disguised as DOCX": (files.zip_bomb_docx(), "rapport.docx", "compression bomb"),
    "DOCX with macros": (files.docx_with_macros(), "rapport.docx", "contains macros"),
    "picture with an archive inside (GIFAR)": (
        files.jpeg_with_zip_appended(), "p.jpg", "hides another"),
    "PNG with HTML in a comment": (files.png_with_html_comment(), "p.png", "hides another"),
    "picture bomb (60000 × 60000 pixels)": (files.png_bomb(), "p.png", "too large: at most"),
    "empty file": (b"", "vide.pdf", "This file is empty"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_are_refused_and_nothing_is_stored(client, draft, case):
    data, name, message = HOSTILE[case]
    response = attach(client, draft, data, name, alt_text="x")
    assert response.status_code == 200  # the form again, with the reason next to the file
    page = response.get_data(as_text=True)
    assert message in page, page
    assert 'aria-invalid="true"' in page
    assert count(Attachment) == 0 and count(AttachmentChunk) == 0


def test_a_name_with_a_path_keeps_only_its_last_part(client, draft):
    response = attach(client, draft, b"Bonjour\n", "../../etc/..\\passwd\x07.txt")
    assert response.status_code == 303
    attachment = only_attachment()
    assert attachment.filename == "passwd.txt"
    disposition = client.get(f"/files/{attachment.token}").headers["Content-Disposition"]
    assert "/" not in disposition and ".." not in disposition


def test_a_file_over_the_limit_is_refused_by_its_announced_length(app, client, draft):
    url = f"/attachments/proposal/{draft.id}/new"
    token = client.csrf_token(url)
    body = b"x" * 1000
    response = client.post(
        url,
        input_stream=io.BytesIO(body),
        content_type="multipart/form-data; boundary=b",
        environ_overrides={"CONTENT_LENGTH": str(2 * 2**30)},
    )
    assert response.status_code == 413
    assert "Each file may be at most 20 MB" in response.get_data(as_text=True)
    assert token and count(Attachment) == 0


def test_the_limit_per_file_is_said_before_sending(client, draft):
    page = client.get(f"/attachments/proposal/{draft.id}/new").get_data(as_text=True)
    assert "At most 20 MB per file." in page
    assert 'accept=".docx,.jpg,.odp' not in page and 'accept=".docx,.jpg,.ods,.odt,.pdf' in page


# Random pixel bytes that happen to spell a dangerous PDF name (about once in 50 MB of scans).
UNLUCKY_PIXELS = b"\xff\xd8\xff\xe0\x10" * 50 + b"/JS(" + b"\x93\x11" * 300


def test_a_scan_whose_pixels_happen_to_spell_a_script_name_is_accepted(client, draft):
    response = attach(client, draft, files.scanned_pdf(UNLUCKY_PIXELS), "lettre.pdf")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert only_attachment().file_kind == FileKind.PDF


@pytest.mark.parametrize(
    "disguise",
    [
        {"length_delta": -100},  # a length that does not end on endstream
        {"dictionary": b""},  # no image filter: readers may parse it
        {"dictionary": b"/Type /ObjStm /Filter /DCTDecode"},  # objects, whatever its filter
    ],
)
def test_a_script_name_in_a_stream_that_is_not_plainly_an_image_is_refused(client, draft, disguise):
    response = attach(client, draft, files.scanned_pdf(UNLUCKY_PIXELS, **disguise), "a.pdf")
    assert "contains scripts" in response.get_data(as_text=True)
    assert count(Attachment) == 0
