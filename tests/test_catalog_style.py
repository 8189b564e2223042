"""What the translations look like on the page: no English left, Latin runs isolated inside
right-to-left text, French typography."""

import re

import pytest

from tests.bidi import RIGHT_TO_LEFT, runs_needing_isolation
from tests.catalog_helpers import TRANSLATED, entries, label, source_text, translations

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")

# Names of formats, programs, standards and institutions, code a reader types as it is
# (HTTP headers, API parameters, example addresses) and keyboard keys: written in Latin
# letters in every language.
LATIN_NAMES = {
    "A", "AA", "API", "OpenAPI", "JSON", "HTTP", "HTML", "CSS", "CSV", "PDF", "POST", "Atom",
    "iCalendar", "ics", "Markdown", "JavaScript", "Chromium", "Debian", "Playwright", "axe-core",
    "Nu", "Html", "Checker", "RGAA", "WCAG", "HMAC-SHA256", "sha256", "Authorization",
    "Bearer", "token", "Content-Type", "application", "json", "https", "example", "org", "hook",
    "name", "lang", "id", "Tab", "Enter", "Défenseur", "des", "droits",
    "QR", "FreeOTP", "Aegis", "Google", "Microsoft", "Authenticator",
    "ODT", "DOCX", "ODS", "XLSX", "PNG", "JPEG", "WebP", "Excel", "Word", "ZIP",
    "CNIL",
}  # fmt: skip
# Words spelled the same in English and in the language (checked one by one).
SAME_WORD = {
    "fr": {
        "Action", "Actions", "Contact", "Correction", "Date", "Description", "Errata",
        "Information", "Invitations", "Justification", "Note", "Notifications", "Page",
        "Position", "Question", "Quorum", "Service", "Services", "Total", "Version",
        "Version %(num)d", "Version %(number)s", "Vote", "Webhooks", "absent", "page %(num)d",
        "%(ms)s ms", "Annexes", "Cookies", "Menu",
    },
    "tr": {"%(ms)s ms", "; "},
    # The separator between the changes of a meeting (pgettext): the same in these languages.
    "ru": {"; "},
    "uk": {"; "},
}  # fmt: skip
ENGLISH_WORDS = re.compile(r"\b(the|and|your|with|bold|italics|text|please|here)\b")
NON_LATIN = {"ar", "fa_AF", "ps", "uk", "ru"}
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f-]*")


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_english_left_in_translations(code):
    problems = []
    for message in entries(code):
        for text in translations(message):
            if text == source_text(message) and text not in SAME_WORD.get(code, set()):
                problems.append(f"untranslated: {label(message)}")
            words = {word.strip("-") for word in LATIN_WORD.findall(PLACEHOLDER.sub(" ", text))}
            if code in NON_LATIN and words - LATIN_NAMES:
                problems.append(f"Latin words {sorted(words - LATIN_NAMES)}: {label(message)}")
            elif code not in NON_LATIN and ENGLISH_WORDS.search(PLACEHOLDER.sub(" ", text)):
                problems.append(f"English words: {label(message)}: {text!r}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("code", RIGHT_TO_LEFT)
def test_latin_runs_are_isolated_in_right_to_left_text(code):
    """https://, <token>, (OpenAPI)… sit between U+2068 and U+2069 (see tests/bidi.py)."""
    problems = [
        f"{label(message)}: {runs}"
        for message in entries(code)
        for text in translations(message)
        if (runs := runs_needing_isolation(text))
    ]
    assert problems == [], "\n".join(problems)


# French typography: a narrow no-break space (U+202F) or a no-break space (U+00A0) before
# ; : ! ? and inside « », never a plain space (the line would break before the sign);
# the typographic apostrophe. Code keeps its own spelling (https://, Authorization: Bearer).
NO_BREAK = "\u202f\u00a0"
CODE_COLON = re.compile(r"(https?|Authorization|Content-Type):")


def french_typography_problems(text: str) -> list[str]:
    text = CODE_COLON.sub("CODE", PLACEHOLDER.sub("X", text))
    problems = []
    if re.search(r"\w'\w", text):
        problems.append("straight apostrophe (’)")
    for sign in ";!?":
        if re.search(rf"[^{NO_BREAK}]{re.escape(sign)}", text):
            problems.append(f"no no-break space before {sign!r}")
    if re.search(rf"[^{NO_BREAK}\d]:|(?<=\d):(?!\d)", text):
        problems.append("no no-break space before ':'")
    if re.search(rf"«[^{NO_BREAK}]|[^{NO_BREAK}]»", text):
        problems.append("no no-break space inside « »")
    if re.search(r"[\dX][ ]?%%|\d %", text) and not re.search(rf"[\dX][{NO_BREAK}]%", text):
        problems.append("no no-break space before %")
    return problems


def test_french_typography():
    problems = [
        f"{label(message)}: {found}: {text!r}"
        for message in entries("fr")
        for text in translations(message)
        if (found := french_typography_problems(text))
    ]
    assert problems == [], f"{len(problems)} entries:\n" + "\n".join(problems)
