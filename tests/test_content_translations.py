"""Human translations of what people write: adding, reviewing, labels, staleness and bad input,
over HTTP."""

import re

import pytest
from sqlalchemy import select

from council.extensions import db
from council.proposals import operations as proposals
from council.roles import Role
from council.translations_content.models import ContentTranslation
from tests.proposal_factories import a_draft, count, reload
from tests.translation_helpers import (
    ARABIC_BODY,
    ARABIC_TITLE,
    an_arabic_proposal,
    html,
    review,
    translate,
)

TURKISH_TITLE = "Sağlık merkezlerinde tercümanlar"
TITLE_LABEL = (
    r'<p class="translation-label" id="proposal-\d+-title" data-original-lang="ar"[^>]*>(.*?)</p>'
)


def rows() -> list[ContentTranslation]:
    return db.session.scalars(select(ContentTranslation).order_by(ContentTranslation.id)).all()


def test_a_member_translates_a_proposal_side_by_side(client, make_user):
    _author, proposal = an_arabic_proposal(make_user)
    translator = make_user(Role.MEMBER, email="karim@example.org", name="Karim", locale="en")
    client.login(translator.email)
    url = f"/translate/proposal/{proposal.id}/fr"
    form = html(client.get(url))
    # The original beside each input, each with its own language and direction.
    assert f'<div class="user-text" lang="ar" dir="rtl"><p>{ARABIC_TITLE}</p></div>' in form
    assert re.search(r'<input[^>]*dir="ltr"[^>]*id="title"[^>]*lang="fr"', form)
    assert re.search(r'<textarea[^>]*dir="ltr"[^>]*id="body"[^>]*lang="fr"', form)
    response = client.submit(url, {"title": "Des interprètes dans les centres de santé",
                                   "body": "Nous proposons un service **d'interprétariat**.",
                                   "easy_read": ""})  # fmt: skip
    assert response.status_code == 302
    saved = {row.field: row for row in rows()}
    assert set(saved) == {"title", "body"}  # the empty easy-read stays untranslated
    assert saved["title"].translator_id == translator.id and saved["title"].locale == "fr"
    assert saved["title"].reviewed_at is None
    overview = html(client.get(response.headers["Location"]))
    assert "Thank you: your translation is saved." in overview
    assert "Partly translated (2 of 3 texts)" in overview


def test_a_french_reader_sees_the_translation_with_an_honest_label(client, make_user):
    _author, proposal = an_arabic_proposal(make_user)
    translator = make_user(Role.MEMBER, locale="fr")
    translate("proposal", proposal, translator, "fr", title="Des interprètes", body="Un *service*.")
    page = html(client.get(f"/proposals/{proposal.id}?lang=fr"))
    assert '<h1 lang="fr" dir="ltr" data-translated-from="ar">Des interprètes</h1>' in page
    assert (
        '<div class="proposal-body" lang="fr" dir="ltr" data-translated-from="ar">'
        "<p>Un <em>service</em>.</p>" in page
    )
    label = re.search(
        TITLE_LABEL,
        page,
        re.S,
    )
    assert (
        label
        and "arabe" in label.group(1)
        and "?lang=fr&amp;original=1#proposal-" in label.group(1)
    )
    assert "reviewed" not in label.group(1) and "outdated" not in label.group(1)
    # The original, on request: with its own language and a way back.
    original = html(client.get(f"/proposals/{proposal.id}?lang=fr&original=1"))
    assert f'<h1 lang="ar" dir="rtl">{ARABIC_TITLE}</h1>' in original
    assert 'class="translation-label translation-label--original"' in original


def test_review_by_a_second_person_then_stale_after_an_edit(client, make_user):
    author, proposal = an_arabic_proposal(make_user)
    translator = make_user(Role.MEMBER)
    reviewer = make_user(Role.MEMBER, email="reviewer@example.org")
    translate("proposal", proposal, translator, "en", title="Interpreters", body="A service.")
    client.login(reviewer.email)
    response = client.submit(
        f"/translate/proposal/{proposal.id}/en/review", {},
        form_page=f"/translate/proposal/{proposal.id}/en",
    )  # fmt: skip
    assert response.status_code == 303
    assert all(row.reviewed_by_id == reviewer.id and row.reviewed_at for row in rows())
    page = html(client.get(f"/proposals/{proposal.id}"))
    assert "Translated from Arabic by a council member" in page
    assert "reviewed by a second person" in page and "may be outdated" not in page
    proposals.update_proposal(
        proposal, author, title=ARABIC_TITLE, body=ARABIC_BODY + " وفي المدارس.",
        summary=proposal.summary, theme=proposal.theme, language="ar",
        services=proposal.services, seen_version=proposal.version,
    )  # fmt: skip
    db.session.commit()
    page = html(client.get(f"/proposals/{proposal.id}"))
    body_label = re.search(r'id="proposal-\d+-body"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "may be outdated" in body_label
    title_label = re.search(r'id="proposal-\d+-title"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "may be outdated" not in title_label  # the title did not change
    # Correcting the stale translation makes it current again, and asks for a new review.
    translate("proposal", reload(proposal), translator, "en", body="A service, also in schools.")
    body = next(row for row in rows() if row.field == "body")
    assert body.reviewed_at is None and "outdated" not in html(
        client.get(f"/proposals/{proposal.id}")
    )


def test_not_yet_translated_note_for_all_and_its_help_link_for_members_only(client, make_user):
    _author, proposal = an_arabic_proposal(make_user)
    page = html(client.get(f"/proposals/{proposal.id}?lang=tr"))
    assert f'<h1 lang="ar" dir="rtl">{ARABIC_TITLE}</h1>' in page
    # Everyone is told the text is not in the page's language; the public is not asked to help.
    assert page.count('class="translation-note"') == 1 and "/translate/" not in page
    member = make_user(Role.MEMBER, email="elif@example.org")
    client.login(member.email)
    page = html(client.get(f"/proposals/{proposal.id}?lang=tr"))
    note = re.search(
        r'<p class="translation-note"[^>]*data-original-lang="ar"[^>]*>(.*?)</p>', page, re.S
    )
    assert note and "Türkçe" in note.group(1)
    assert f'href="/translate/proposal/{proposal.id}/tr"' in note.group(1)
    assert page.count('class="translation-note"') == 1  # once per text, not per passage


def test_reviewing_ones_own_translation_or_text_is_refused(client, make_user):
    author, proposal = an_arabic_proposal(make_user)
    translator = make_user(Role.MEMBER, email="t@example.org")
    translate("proposal", proposal, translator, "fr", title="Des interprètes")
    for person in (translator, author):
        client.login(person.email)
        client.get("/?lang=en")  # the author reads in Arabic otherwise
        response = client.submit(
            f"/translate/proposal/{proposal.id}/fr/review", {},
            form_page=f"/translate/proposal/{proposal.id}", follow_redirects=True,
        )  # fmt: skip
        assert response.status_code == 200
        assert ("You cannot review your own translation" in html(response)) or (
            "The author of the original text cannot review its translation." in html(response)
        )
        client.logout()
    assert rows()[0].reviewed_at is None
    form = html(client.get(f"/translate/proposal/{proposal.id}/fr"))
    assert "Mark the translation as reviewed" not in form


def test_bad_input_is_refused_with_a_message_and_nothing_changes(client, make_user):
    _author, proposal = an_arabic_proposal(make_user)
    member = make_user(Role.MEMBER, email="m@example.org")
    client.login(member.email)
    url = f"/translate/proposal/{proposal.id}"
    # An unshipped locale (German) and a made-up one.
    for locale in ("de", "xx", "FR"):
        response = client.submit(f"{url}/{locale}", {"title": "Titel"}, form_page=url,
                                 follow_redirects=True)  # fmt: skip
        assert "Translations can only be made into the languages this site offers." in html(
            response
        )
    # Nothing written at all.
    response = client.submit(f"{url}/fr", {"title": "  ", "body": "", "easy_read": ""})
    assert response.status_code == 200 and "Write the translation of at least one text." in html(
        response
    )
    # Too long (the original's own limit).
    response = client.submit(f"{url}/fr", {"title": "x" * 201})
    assert "Use at most 200 characters." in html(response)
    # Into the text's own language.
    response = client.submit(f"{url}/ar", {"title": "عنوان"})
    assert "This text is already written in this language." in html(response)
    assert rows() == []
    # Markup is kept as typed (nothing lost) but never reaches readers as HTML.
    markup = {"title": "<b>Gras</b> titre", "body": "<script>alert(1)</script> [x](javascript:x)"}
    client.submit(f"{url}/fr", markup)
    assert rows()[0].text == "<b>Gras</b> titre"
    page = html(client.get(f"/proposals/{proposal.id}?lang=fr"))
    assert "&lt;b&gt;Gras&lt;/b&gt; titre" in page
    assert "<script>" not in page.split("<main", 1)[1] and 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Emptying an existing translation would lose it: refused.
    client.get("/?lang=en")
    response = client.submit(f"{url}/fr", {"title": "", "body": "Corrigé"})
    assert "A translation cannot be emptied" in html(response)
    assert {row.field: row.text for row in rows()}["title"] == "<b>Gras</b> titre"


def test_a_private_draft_cannot_be_translated_or_even_seen(client, make_user):
    author = make_user(Role.MEMBER, email="a@example.org")
    draft = a_draft(author, title="Brouillon privé", language="fr")
    other = make_user(Role.MEMBER, email="b@example.org")
    client.login(other.email)
    assert client.get(f"/translate/proposal/{draft.id}/en").status_code == 404
    forged = {"title": "Draft", "csrf_token": client.csrf_token("/")}
    response = client.post(f"/translate/proposal/{draft.id}/en", data=forged)
    assert response.status_code == 404
    assert "Brouillon privé" not in html(client.get("/translate/"))
    assert count(ContentTranslation) == 0
    # Unknown kinds and ids look like missing pages too.
    assert client.get("/translate/minutes-of-nothing/1/en").status_code == 404
    assert client.get("/translate/proposal/999999/en").status_code == 404


def test_an_official_may_read_but_not_translate_a_proposal(client, make_user):
    _author, proposal = an_arabic_proposal(make_user)
    official = make_user(Role.OFFICIAL, email="agent@example.org")
    client.login(official.email)
    assert client.get(f"/translate/proposal/{proposal.id}/fr").status_code == 403


def test_double_submit_keeps_one_translation(client, make_user):
    _author, proposal = an_arabic_proposal(make_user)
    member = make_user(Role.MEMBER, email="m@example.org")
    client.login(member.email)
    url = f"/translate/proposal/{proposal.id}/en"
    for _ in range(2):
        assert client.submit(url, {"title": "Interpreters"}).status_code == 302
    assert [(row.field, row.text) for row in rows()] == [("title", "Interpreters")]


@pytest.mark.parametrize(
    "locale, expected",
    [
        ("fr", ("fr", "ltr", "Des interprètes", "reviewed")),
        ("en", ("en", "ltr", "Interpreters", "translated")),
        ("ar", ("ar", "rtl", ARABIC_TITLE, "original")),
        ("fa_AF", ("fa-AF", "rtl", "مترجمان در مراکز صحی", "translated")),
        # No Pashto or Russian translation: the French one, saying it is not in the page's language.
        ("ps", ("fr", "ltr", "Des interprètes", "french")),
        ("tr", ("tr", "ltr", TURKISH_TITLE, "translated")),
        ("uk", ("uk", "ltr", "Перекладачі", "stale")),
        ("ru", ("fr", "ltr", "Des interprètes", "french")),
    ],
)
def test_a_reader_in_each_locale_sees_the_right_version(client, make_user, locale, expected):
    author, proposal = an_arabic_proposal(make_user)
    translator = make_user(Role.MEMBER)
    reviewer = make_user(Role.MEMBER)
    translate("proposal", proposal, translator, "fr", title="Des interprètes")
    review("proposal", proposal, reviewer, "fr")
    translate("proposal", proposal, translator, "en", title="Interpreters")
    translate("proposal", proposal, translator, "fa_AF", title="مترجمان در مراکز صحی")
    translate("proposal", proposal, translator, "tr", title=TURKISH_TITLE)
    translate("proposal", proposal, translator, "uk", title="Перекладачі")
    proposals.update_proposal(
        proposal, author, title=ARABIC_TITLE + " البلدية", body=ARABIC_BODY,
        summary=proposal.summary, theme=proposal.theme, language="ar",
        services=proposal.services, seen_version=proposal.version,
    )  # fmt: skip
    db.session.commit()
    translate("proposal", reload(proposal), translator, "fr", title="Des interprètes")
    review("proposal", reload(proposal), reviewer, "fr")
    translate("proposal", reload(proposal), translator, "en", title="Interpreters")
    translate("proposal", reload(proposal), translator, "fa_AF", title="مترجمان در مراکز صحی")
    translate("proposal", reload(proposal), translator, "tr", title=TURKISH_TITLE)
    lang, direction, title, state = expected
    page = html(client.get(f"/proposals/{proposal.id}?lang={locale}"))
    h1 = re.search(r"<h1 ([^>]*)>(.*?)</h1>", page, re.S)
    assert f'lang="{lang}" dir="{direction}"' in h1.group(1)
    shown = h1.group(2)
    if state == "original":
        assert shown == ARABIC_TITLE + " البلدية" and "data-translated-from" not in h1.group(1)
        assert 'class="translation-label"' not in page
        return
    assert shown == title and 'data-translated-from="ar"' in h1.group(1)
    label = re.search(
        TITLE_LABEL,
        page,
        re.S,
    )
    assert label, page
    from council.translations_content.reading import language_name

    assert language_name("ar", locale) in label.group(1)
    assert ("translation-label__reviewed" in label.group(1)) == (state in {"reviewed", "french"})
    assert ("translation-label__stale" in label.group(1)) == (state == "stale")
    assert ("translation-label__foreign" in label.group(1)) == (state == "french")
