"""The PDF of the minutes lists their annexes (with where to download them), and is tagged: a
screen reader finds its structure, its language and its title; the feed of minutes offers
the annexes as enclosures."""

import io
from urllib.parse import urlsplit

import feedparser
from pypdf import PdfReader

from council.attachments.models import OwnerKind
from tests import attachment_files as files
from tests.attachment_files import attach_directly
from tests.minutes_helpers import approve_and_publish, closed_meeting


def test_minutes_pdf_lists_the_annexes_and_is_tagged(app, client, make_user):
    made = closed_meeting(make_user)
    minutes, secretary = made["minutes"], made["secretary"]
    annex = attach_directly(
        minutes, OwnerKind.MINUTES, secretary, files.pdf(), title="Liste de présence signée"
    )
    approve_and_publish(app, minutes, secretary)
    response = client.get(f"/meetings/{made['meeting'].id}/minutes.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Annexes" in text and "Liste de présence signée" in text
    assert f"/files/{annex.token}" in text.replace(" ", "")
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en"  # the reader's language (the test reads in English)
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert any(link.endswith(f"/files/{annex.token}") for link in links)


def test_the_minutes_feed_offers_the_annexes_as_enclosures(app, client, make_user):
    made = closed_meeting(make_user)
    minutes, secretary = made["minutes"], made["secretary"]
    annex = attach_directly(minutes, OwnerKind.MINUTES, secretary, files.pdf(), title="Annexe 1")
    approve_and_publish(app, minutes, secretary)
    response = client.get("/feeds/minutes.atom")
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    [entry] = feed.entries
    [enclosure] = entry.enclosures
    assert enclosure.href.endswith(f"/files/{annex.token}")
    assert enclosure.type == "application/pdf" and enclosure.length == str(len(files.pdf()))
    assert entry.link.endswith(f"/meetings/{made['meeting'].id}/minutes")  # still the page
    assert client.get(urlsplit(enclosure.href).path).get_data() == files.pdf()
