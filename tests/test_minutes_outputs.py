"""What readers get: the phone page, a real PDF (Arabic shaped, fonts embedded), a Markdown
download, a valid Atom feed, search (same results on SQLite and PostgreSQL), the annual report."""

import io
import re
from itertools import pairwise

import feedparser
import pytest
from pypdf import PdfReader

from council import proceedings
from council.extensions import db
from council.meetings import operations as meetings
from council.minutes.operations import document_of
from council.minutes.queries import minutes_of
from council.minutes.search import search_minutes
from tests.meeting_helpers import new_meeting
from tests.minutes_helpers import approve_and_publish, closed_meeting, save_text
from tests.test_minutes import text_of

ARABIC = "ناقش المجلس السكن الاجتماعي"


@pytest.fixture
def published(app, make_user):
    made = closed_meeting(make_user)
    save_text(
        made["minutes"],
        made["secretary"],
        summary="Le conseil s'est réuni pour parler du **logement**.",
        easy_read="Le conseil a parlé des maisons.",
        narratives={made["info_item"].id: (ARABIC, "ar")},
    )
    approve_and_publish(app, made["minutes"], made["secretary"])
    return made


def test_page_declares_the_language_of_each_passage(client, published):
    page = text_of(client.get(f"/meetings/{published['meeting'].id}/minutes"))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert f'lang="ar" dir="rtl"><p>{ARABIC}</p>' in page
    assert 'lang="fr" dir="ltr"><p>Le conseil s' in page and "<strong>logement</strong>" in page
    assert '<h2 id="easy-read-heading">Easy-read summary</h2>' in page
    headings = re.findall(r"<h([1-4])", page)
    assert headings[0] == "1" and all(int(b) - int(a) <= 1 for a, b in pairwise(headings))
    assert "minutes.pdf" in page and "minutes.md" in page
    assert "style=" not in page and "<script" not in page


def test_print_stylesheet_exists():
    from pathlib import Path

    css = (Path(__file__).parents[1] / "council/static/css/council.css").read_text()
    assert "@media print" in css and "Noto Naskh Arabic" in css


def test_pdf_is_real_with_arabic_shaped_and_fonts_embedded(client, published):
    response = client.get(f"/meetings/{published['meeting'].id}/minutes.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert ARABIC in text and "Result of the vote: Adopt the opinion on housing?" in text
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = font, descriptor.get_object()
    assert all(any(k.startswith("/FontFile") for k in d) for _, d in fonts.values())  # embedded
    [arabic_font] = [font for name, (font, _) in fonts.items() if "Arabic" in name]
    # Shaping: one letter is drawn with several glyphs (initial, medial, final forms), so the
    # font's ToUnicode map sends more than one glyph to the same Arabic letter.
    cmap = arabic_font["/ToUnicode"].get_object().get_data().decode("latin-1")
    letters = re.findall(r"<[0-9A-Fa-f]+>\s*<(06[0-9A-Fa-f]{2})>", cmap)
    assert max(letters.count(letter) for letter in set(letters)) >= 2


def test_markdown_download(client, published):
    response = client.get(f"/meetings/{published['meeting'].id}/minutes.md")
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    assert "attachment" in response.headers["Content-Disposition"]
    text = text_of(response)
    assert text.startswith("# Minutes: Plenary")
    assert "## Easy-read summary" in text and ARABIC in text
    assert "| For | 3 |" in text and "- Present (3): Claire, Member 0" in text


def test_atom_feed_is_valid_with_stable_ids(client, published):
    response = client.get("/feeds/minutes.atom")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    [entry] = feed.entries
    meeting_id = published["meeting"].id
    assert re.fullmatch(rf"tag:[^,]+,\d{{4}}-\d\d-\d\d:minutes/{meeting_id}", entry.id)
    assert entry.link.endswith(f"/meetings/{meeting_id}/minutes")
    assert entry.updated_parsed and entry.published_parsed
    assert entry.title == "Minutes: Plenary"
    assert entry.summary == "Le conseil a parlé des maisons."
    assert b'<entry xml:lang="fr">' in response.data
    assert feedparser.parse(client.get("/feeds/minutes.atom").data).entries[0].id == entry.id


def test_feed_lists_only_published_minutes(client, make_user):
    closed_meeting(make_user)  # a draft
    feed = feedparser.parse(client.get("/feeds/minutes.atom").data)
    assert not feed.bozo and feed.entries == []


def test_search_finds_published_minutes_only(app, client, make_user, published):
    secretary = published["secretary"]
    other = new_meeting(secretary, days=20, title="Another plenary")
    meetings.start_session(other, secretary)
    proceedings.close_meeting(other, secretary)
    draft = minutes_of(other)
    save_text(draft, secretary, summary="Logement caché dans un brouillon")
    draft.search_text = document_of(draft)  # even indexed, a draft is never found
    db.session.commit()
    found = {
        "logement": [published["minutes"].id],
        "LOGEMENT": [published["minutes"].id],
        "loge": [published["minutes"].id],
        "gement": [],
        "المجلس": [published["minutes"].id],
        "maisons reuni": [published["minutes"].id],  # accents do not matter
        "maisons москва": [],
        "mayor": [published["minutes"].id],  # agenda item titles too
        '"; DROP TABLE minutes; --': [],
        "*": [],
        "": [],
    }
    for query, expected in found.items():
        assert [m.id for m in search_minutes(query)] == expected, query
    page = text_of(client.get("/search", query_string={"q": "logement"}))
    assert "Minutes (1)" in page and f"/meetings/{published['meeting'].id}/minutes" in page
    assert "Proposals (0)" in page
    assert client.get("/search", query_string={"q": "x" * 5000}).status_code == 200


def test_annual_report(client, published):
    year = published["meeting"].starts_at.year
    page = text_of(client.get(f"/reports/{year}"))
    assert f"Annual report {year}" in page
    assert "1 meeting held." in page and "Attendance rate: 60%" in page
    assert '<th scope="row" dir="auto">Adopt the opinion on housing?</th><td>3</td>' in page
    assert "No recommendation has been recorded" in page
    pdf = client.get(f"/reports/{year}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert f"Annual report {year}" in text
    assert client.get("/reports/1500").status_code == 404
    assert client.get("/reports/abc").status_code == 404


def test_demo_meeting_has_published_minutes_in_french_and_arabic(app, client):
    from sqlalchemy import select

    from council.meetings.demo import PAST_TITLE
    from council.meetings.models import Meeting
    from council.minutes.demo import HOUSING_NARRATIVE

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert runner.invoke(args=["demo-data"]).exit_code == 0  # idempotent
    meeting = db.session.scalar(select(Meeting).where(Meeting.title == PAST_TITLE))
    minutes = minutes_of(meeting)
    assert minutes.is_public and minutes.record is not None
    page = text_of(client.get(f"/meetings/{meeting.id}/minutes", query_string={"lang": "ar"}))
    assert '<html lang="ar" dir="rtl">' in page
    assert f'lang="ar" dir="rtl"><p>{HOUSING_NARRATIVE}</p>' in page
    assert 'lang="fr" dir="ltr"><p>La séance' in page
    pdf = client.get(f"/meetings/{meeting.id}/minutes.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "تحدّث" in text and "Le conseil s'est réuni." in text
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_search_page_joins_proposals_and_minutes(client, published):
    from tests.proposal_factories import a_submitted

    people = published["people"]
    proposal = a_submitted(people[0], people[1:3], title="Logement des familles")
    db.session.commit()
    page = text_of(client.get("/search", query_string={"q": "logement"}))
    assert "Proposals (1)" in page and f'href="/proposals/{proposal.id}"' in page
    assert "Minutes (1)" in page
    assert page.index("Proposals (1)") < page.index("Minutes (1)")


def test_annual_report_counts_the_services_answers(client, make_user):
    """The report the municipal council debates: transmitted recommendations and answers."""
    from council.recommendations import operations as recommendations
    from council.recommendations.models import Recommendation
    from tests.recommendation_helpers import a_council, a_service, adopted, an_official, transmit

    council = a_council(make_user)
    habitat = a_service()
    official = an_official(make_user, habitat, "agent@ville.example")
    first = adopted(council, title="Des bancs publics")
    second = adopted(council, title="Un guichet en arabe")
    transmit(council, first, [habitat])
    transmit(council, second, [habitat])
    recommendations.respond_to_recommendation(
        db.session.get(Recommendation, first.id),
        official,
        service=habitat,
        status="accepted",
        justification="",
        commitments=[],
    )
    db.session.commit()
    year = first.transmitted_at.year
    page = client.get(f"/reports/{year}?lang=en").get_data(as_text=True)
    assert "2 recommendations transmitted." in page
    assert "Des bancs publics" in page and "Un guichet en arabe" in page
    answers = page[page.index("Answers of the services") :]
    assert re.search(r"accepted</th><td>1</td>", answers)
    assert re.search(r"No answer yet</th><td>1</td>", answers)


def test_search_finds_minutes_by_words_of_their_translations(app, make_user, published):
    from council.minutes.models import MinutesNarrative
    from council.roles import Role
    from tests.translation_helpers import translate

    translator = make_user(Role.MEMBER, email="translator@example.org")
    minutes = published["minutes"]
    assert search_minutes("tenancies") == []
    translate("minutes", minutes, translator, "en", summary="The council met about tenancies.")
    assert [m.id for m in search_minutes("tenancies")] == [minutes.id]
    narrative = db.session.scalar(
        db.select(MinutesNarrative).where(MinutesNarrative.minutes_id == minutes.id)
    )
    translate(
        "minutes_narrative", narrative, translator, "tr", text="Meclis sosyal konutu tartıştı"
    )
    assert [m.id for m in search_minutes("konutu")] == [minutes.id]
    assert [m.id for m in search_minutes("KONUTU sosyal")] == [minutes.id]  # folded like the rest
