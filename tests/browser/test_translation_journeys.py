"""Multilingual content in the browser: a member declares their languages, translates a text
from the queue beside its original, a second member reviews it; readers then see the
translation with an honest label, reach the original, and every passage runs in its own
direction (an Arabic passage in a French page is right-to-left, a French or Turkish one in the
Arabic page left-to-right, a name in another script is isolated)."""

import re

import pytest

from council.i18n import BY_CODE
from council.translations_content.reading import language_name
from tests.browser import council_data

pytestmark = pytest.mark.browser

# The text each run translates: a proposal written in a language of the other direction than
# the journey's (Dari for French readers, Turkish for Arabic readers), by a member who writes
# in it, co-signed by two others.
SOURCES = {
    "fr": {
        "language": "fa_AF",
        "author": "ahmad",
        "cosigners": ["farid", "gul"],
        "title": "کتابخانه‌های شهر تا شام باز باشند",
        "summary": "کتابخانه‌ها باید تا شام باز باشند.",
        "body": "کتابخانه‌های شهر ساعت پنج بعد از ظهر بسته می‌شوند.\n\n"
        "ما پیشنهاد می‌کنیم که آن‌ها تا ساعت هشت شب باز باشند.",
    },
    "ar": {
        "language": "tr",
        "author": "mehmet",
        "cosigners": ["elif", "olena"],
        "title": "Kütüphaneler akşama kadar açık olsun",
        "summary": "Kütüphaneler akşam da açık olmalı.",
        "body": "Şehir kütüphaneleri öğleden sonra saat beşte kapanıyor.\n\n"
        "Kütüphanelerin akşam sekize kadar açık kalmasını öneriyoruz.",
    },
}
AUTHOR_NAMES = {"ahmad": "Ahmad Shah", "mehmet": "Mehmet Demir"}
# What the member types in, field by field (the form's fieldsets are named by these labels).
TRANSLATIONS = {
    "fr": {
        "Title": "Des bibliothèques ouvertes jusqu'au soir",
        "Easy-read summary": "Les bibliothèques doivent rester ouvertes le soir.",
        "Text of the proposal": "Les bibliothèques de la ville ferment à cinq heures de "
        "l'après-midi.\n\nNous proposons qu'elles restent ouvertes jusqu'à huit heures du soir.",
    },
    "ar": {
        "Title": "مكتبات مفتوحة حتى المساء",
        "Easy-read summary": "يجب أن تبقى المكتبات مفتوحة في المساء.",
        "Text of the proposal": "تغلق مكتبات المدينة أبوابها في الساعة الخامسة بعد الظهر.\n\n"
        "نقترح أن تبقى مفتوحة حتى الساعة الثامنة مساءً.",
    },
}
# Translator and reviewer per run: two members no other journey logs in as. They swap roles
# from one run to the next; a translator never reviews their own translation.
PEOPLE = {
    ("fr", "phone"): ("iryna", "nadia"),
    ("fr", "desktop"): ("nadia", "iryna"),
    ("ar", "phone"): ("iryna", "nadia"),
    ("ar", "desktop"): ("nadia", "iryna"),
}
REVIEWED = "reviewed by a second person"


def email(login: str) -> str:
    return f"{login}@council.example"


def computed(locator, prop: str = "direction") -> str:
    """A CSS property as the browser computed it (direction, unicodeBidi…)."""
    return locator.evaluate(f"element => getComputedStyle(element).{prop}")


def comes_before(page, first: str, second: str) -> bool:
    """The first element matching `first` is before the one matching `second` in the page."""
    return page.evaluate(
        """([first, second]) => Boolean(document.querySelector(first)
            .compareDocumentPosition(document.querySelector(second))
            & Node.DOCUMENT_POSITION_FOLLOWING)""",
        [first, second],
    )


def assert_runs(locator, language, page_direction: str) -> None:
    """A passage in `language` declares it and runs in its own direction, whatever the page's."""
    assert locator.get_attribute("lang") == language.html_lang
    assert computed(locator) == language.direction, (language.code, page_direction)
    assert computed(locator.page.locator("html")) == page_direction


def assert_isolated(name, direction: str, around: str) -> None:
    """A name in another script (a <bdi>) keeps its own direction, apart from the sentence."""
    assert computed(name, "unicodeBidi") == "isolate"
    assert computed(name) == direction
    assert computed(name.locator("xpath=..")) == around


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url).split("#")[0]


def fresh_proposal(server, journey, purpose: str) -> tuple[int, dict]:
    """A submitted proposal in the run's source language, titled for this run alone."""
    source = SOURCES[journey.locale]
    title = f"{source['title']} ({purpose}, {journey.locale}, {journey.device})"
    proposal_id = council_data.submitted_proposal(
        server,
        title,
        source["author"],
        source["cosigners"],
        body=source["body"],
        language=source["language"],
        summary=source["summary"],
    )
    return proposal_id, {**source, "title": title}


def test_member_translates_a_text_and_another_member_reviews_it(
    journey, open_journey, live_server, demo_password
):
    page, t, locale = journey.page, journey.t, journey.locale
    translator, reviewer = PEOPLE[(locale, journey.device)]
    proposal_id, source = fresh_proposal(live_server, journey, "translated")
    original, target = BY_CODE[source["language"]], BY_CODE[locale]
    original_name = language_name(original.code, locale)
    page_direction = target.direction
    main = page.locator("main")

    # The member says which language they translate into.
    journey.login(email(translator), demo_password)
    journey.visit("/account", "account")
    settings = main.locator("form", has=page.get_by_role("button", name=t("Save these settings")))
    settings.get_by_label(target.native_name, exact=True).check()
    journey.submit("settings-saved", t("Save these settings"))
    journey.expect_text(t("Your reading and translating settings are saved."))
    assert settings.get_by_label(target.native_name, exact=True).is_checked()

    # The queue lists the new text under its pair of languages; its title runs in its own
    # direction inside the page's.
    journey.follow(journey.menu("Translate"), "queue")
    pair = t(
        "From %(source)s into %(target)s",
        source=original_name,
        target=language_name(locale, locale),
    )
    section = main.locator("section", has=page.get_by_role("heading", name=pair, exact=True))
    link = section.get_by_role("link", name=source["title"], exact=True)
    assert link.get_attribute("lang") == original.html_lang
    assert computed(link) == original.direction
    journey.follow(link, "translate-form")
    journey.expect_text(
        t(
            "Translate “%(title)s” into %(language)s",
            title=source["title"],
            language=language_name(locale, locale),
        ),
        within="h1",
    )
    assert_isolated(page.locator("h1 bdi"), original.direction, page_direction)

    # Each field: the original beside the input, each in its own language and direction.
    for label, text in TRANSLATIONS[locale].items():
        pair_group = main.get_by_role("group", name=t(label), exact=True)
        shown = pair_group.locator(".translation-pair__original .user-text")
        assert_runs(shown, original, page_direction)
        box = pair_group.get_by_label(
            t("Translation into %(language)s", language=target.native_name)
        )
        assert box.get_attribute("lang") == target.html_lang
        assert computed(box) == target.direction
        title_suffix = f" ({journey.locale}, {journey.device})" if label == "Title" else ""
        box.fill(text + title_suffix)
    journey.submit("translation-saved", t("Save the translation"))
    journey.expect_text(t("Thank you: your translation is saved."))
    journey.expect_text(t("Translated, waiting for a review"))
    translated_title = TRANSLATIONS[locale]["Title"] + f" ({journey.locale}, {journey.device})"

    # A reader (no account) now reads the proposal in their language, labelled as translated.
    reader = open_journey(person="reader")
    reader.visit(f"/proposals/{proposal_id}", "translated-proposal")
    heading = reader.page.locator("main h1")
    assert heading.inner_text() == translated_title
    assert_runs(heading, target, page_direction)
    label = reader.page.locator(f"#proposal-{proposal_id}-title")
    translated_by = t("Translated from %(language)s by a council member", language=original_name)
    reader.expect_text(translated_by, within=f"#proposal-{proposal_id}-title")
    assert t(REVIEWED) not in label.inner_text()
    body = reader.page.locator("main .proposal-body")
    assert_runs(body, target, page_direction)
    for paragraph in TRANSLATIONS[locale]["Text of the proposal"].split("\n\n"):
        assert paragraph in body.inner_text()

    # The translator cannot review their own work: the form offers no such button.
    journey.follow(
        main.get_by_role(
            "link", name=f"{t('Correct the translation')} — {target.native_name}", exact=True
        ),
        "own-translation",
    )
    assert main.get_by_role("button", name=t("Mark the translation as reviewed")).count() == 0

    # A second member who reads that language finds it waiting for a second reading in the
    # queue, compares it with the original and marks it reviewed.
    second = open_journey(person="reviewer")
    second.login(email(reviewer), demo_password)
    second.visit("/account", "reviewer-account")
    second_main = second.page.locator("main")
    reviewer_settings = second_main.locator(
        "form", has=second.page.get_by_role("button", name=t("Save these settings"))
    )
    reviewer_settings.get_by_label(target.native_name, exact=True).check()
    second.submit("reviewer-settings-saved", t("Save these settings"))
    second.follow(second.menu("Translate"), "review-queue")
    waiting = second_main.locator(
        "section",
        has=second.page.get_by_role(
            "heading", name=t("Translations waiting for a second reading"), exact=True
        ),
    )
    second.follow(waiting.get_by_role("link", name=source["title"], exact=True), "review-form")
    second.submit("reviewed", t("Mark the translation as reviewed"))
    second.expect_text(t("The translation is marked as reviewed. Thank you."))
    second.expect_text(t("Translated and reviewed"))

    # The reader sees the reviewed wording, then follows the link to the original.
    reader.visit(f"/proposals/{proposal_id}", "reviewed-proposal")
    reader.expect_text(f"{translated_by} · {t(REVIEWED)}", within=f"#proposal-{proposal_id}-title")
    reader.follow(
        label.get_by_role("link", name=t("Read the original"), exact=True), "original-text"
    )
    reader.expect_text(
        t("Original text, in %(language)s.", language=original_name),
        within=f"#proposal-{proposal_id}-title",
    )
    assert heading.inner_text() == source["title"]
    assert_runs(heading, original, page_direction)
    assert_runs(reader.page.locator("main .proposal-body"), original, page_direction)
    assert_runs(reader.page.locator("main .easy-read .user-text"), original, page_direction)
    # The author's Latin name inside the page's sentence "… started the draft." is isolated.
    author = reader.page.locator("main .timeline bdi", has_text=AUTHOR_NAMES[source["author"]])
    assert_isolated(author.first, "ltr", page_direction)

    # The author then changes the original's text: the translation stays, honestly labelled.
    council_data.edit_proposal_body(live_server, proposal_id, source["body"] + "\n\n+")
    reader.visit(f"/proposals/{proposal_id}", "original-changed")
    reader.expect_text(
        t("may be outdated: the original changed after this translation"),
        within=f"#proposal-{proposal_id}-body",
    )
    assert t(REVIEWED) in reader.page.locator(f"#proposal-{proposal_id}-title").inner_text()


# Demo texts (council/translations_content/demo.py): an Arabic proposal translated into French
# and reviewed; a French one whose title and summary (not its body) are translated into Arabic.
DEMO_TEXTS = {
    "fr": ("مترجمون في مراكز الصحة البلدية", "ar"),
    "ar": ("Rendre visible l'attente pour un logement social", "fr"),
}


def test_reader_sees_each_passage_in_its_own_language_and_direction(journey, live_server):
    page, t, locale = journey.page, journey.t, journey.locale
    title, written_in = DEMO_TEXTS[locale]
    original, reader_language = BY_CODE[written_in], BY_CODE[locale]
    proposal_id = council_data.proposal_id_titled(live_server, title)
    main = page.locator("main")

    journey.visit(f"/proposals/{proposal_id}", "demo-proposal")
    label_id = f"#proposal-{proposal_id}-title"
    journey.expect_text(
        t(
            "Translated from %(language)s by a council member",
            language=language_name(written_in, locale),
        )
        + f" · {t(REVIEWED)}",
        within=label_id,
    )
    assert_runs(main.locator("h1"), reader_language, reader_language.direction)
    body = main.locator(".proposal-body")
    if locale == "fr":  # translated into French: the reader reads French
        assert_runs(body, reader_language, "ltr")
    else:  # no Arabic translation of the body yet: the French original, left-to-right
        assert_runs(body, original, "rtl")

    journey.follow(
        page.locator(label_id).get_by_role("link", name=t("Read the original"), exact=True),
        "demo-original",
    )
    assert main.locator("h1").inner_text() == title
    assert_runs(main.locator("h1"), original, reader_language.direction)
    assert_runs(main.locator(".proposal-body"), original, reader_language.direction)
    back = t("Read the translation into %(language)s", language=language_name(locale, locale))
    journey.follow(
        page.locator(label_id).get_by_role("link", name=back, exact=True),
        "demo-translation-again",
    )
    assert_runs(main.locator("h1"), reader_language, reader_language.direction)


# Members who open an untranslated text (any member may help; nobody's settings change here).
HELPERS = {
    ("fr", "phone"): "karim",
    ("fr", "desktop"): "sofia",
    ("ar", "phone"): "youssef",
    ("ar", "desktop"): "tenzin",
}


def test_member_is_invited_to_translate_and_puts_the_easy_read_summary_first(
    journey, live_server, demo_password
):
    page, t, locale = journey.page, journey.t, journey.locale
    proposal_id, source = fresh_proposal(live_server, journey, "untranslated")
    original, reader_language = BY_CODE[source["language"]], BY_CODE[locale]
    main = page.locator("main")

    journey.login(email(HELPERS[(locale, journey.device)]), demo_password)
    journey.visit(f"/proposals/{proposal_id}", "untranslated-proposal")
    note = main.locator(".translation-note")
    journey.expect_text(
        t(
            "Written in %(language)s, not yet translated into %(reader)s.",
            language=language_name(source["language"], locale),
            reader=language_name(locale, locale),
        )
        + f" — {t('help translate')}",
        within="main .translation-note",
    )
    assert_runs(main.locator("h1"), original, reader_language.direction)
    # By default the full text comes first, the easy-read summary after the facts.
    assert comes_before(page, "dl.facts", "section.easy-read")
    assert main.locator(".proposal-body").is_visible()

    journey.follow(
        main.get_by_role("link", name=t("Show the easy-read summary first"), exact=True),
        "easy-read-first",
    )
    assert comes_before(page, "section.easy-read", "dl.facts")
    assert comes_before(page, "section.easy-read", "section:has(#text-heading)")
    summary = main.locator("section.easy-read .user-text")
    assert summary.inner_text() == source["summary"]
    assert_runs(summary, original, reader_language.direction)
    assert not main.locator(".proposal-body").is_visible()  # folded under "Read the full text"
    assert main.locator("details.full-text summary").inner_text() == t("Read the full text")

    # The choice is remembered: the page read again keeps the summary first.
    journey.visit(f"/proposals/{proposal_id}", "easy-read-remembered")
    assert comes_before(page, "section.easy-read", "dl.facts")

    journey.follow(note.get_by_role("link", name=t("help translate"), exact=True), "help-translate")
    assert path_of(page) == f"/translate/proposal/{proposal_id}/{locale}"
    assert_isolated(page.locator("h1 bdi"), original.direction, reader_language.direction)
    assert main.get_by_role("button", name=t("Save the translation"), exact=True).is_visible()
