"""The glossary: English terms in docs/glossary/terms.toml, each language's words in <code>.md."""

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache

from council.i18n import LOCALE_CODES
from tests.catalog_helpers import ROOT

GLOSSARY = ROOT / "docs" / "glossary"
ARABIC_SCRIPT = {"ar", "fa_AF", "ps"}
# Short vowels, shadda, sukun, superscript alef and tatweel: written or not, same word.
ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@dataclass(frozen=True)
class Term:
    english: str
    means: str
    matches: re.Pattern
    not_when: re.Pattern | None
    contexts: frozenset[str]

    def concerns(self, msgid: str, context: str | None) -> bool:
        if context and context not in self.contexts:
            return False
        english = PLACEHOLDER.sub("", msgid)  # "%(meeting)s" is a title, not the word
        return bool(self.matches.search(english)) and not (
            self.not_when and self.not_when.search(english)
        )


@cache
def terms() -> dict[str, Term]:
    data = tomllib.loads((GLOSSARY / "terms.toml").read_text(encoding="utf-8"))
    return {
        english: Term(
            english,
            entry["means"],
            re.compile(entry["matches"], re.IGNORECASE),
            re.compile(entry["not_when"], re.IGNORECASE) if "not_when" in entry else None,
            frozenset(entry.get("contexts", ())),
        )
        for english, entry in data.items()
    }


def normalise(text: str, code: str) -> str:
    """Spelling differences that are not word differences: case, apostrophes, joiners, marks."""
    if code == "tr":  # Turkish dotted and dotless i: İ/i and I/ı are different letters
        text = text.replace("İ", "i").replace("I", "ı")
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u02bc", "'")
    text = re.sub("[\u00a0\u202f\u200c\u200d]", " ", text)
    if code in ARABIC_SCRIPT:
        text = ARABIC_MARKS.sub("", text)
        text = text.replace("ي", "ی").replace("ك", "ک") if code != "ar" else text
    return text


@cache
def words(code: str) -> dict[str, tuple[str, ...]]:
    """Each term's accepted words in this language: the term, then its listed variants.

    The table is the one whose first header cell is "English" in docs/glossary/<code>.md;
    its second column is the chosen word, its third the accepted inflections and stems,
    comma-separated.
    """
    lines = (GLOSSARY / f"{code}.md").read_text(encoding="utf-8").splitlines()
    found: dict[str, tuple[str, ...]] = {}
    in_table = False
    for line in lines:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
            continue
        if cells[0] == "English":
            in_table = True
            continue
        if not in_table or set(cells[0]) <= {"-", ":", " "}:
            continue
        english = cells[0]
        chosen = [cells[1]] if len(cells) > 1 and cells[1] else []
        variants = [word.strip() for word in cells[2].split(",")] if len(cells) > 2 else []
        found[english] = tuple(
            normalise(word.strip("*` "), code) for word in chosen + variants if word.strip()
        )
    return found


def uses_one_of(text: str, accepted: tuple[str, ...], code: str) -> bool:
    text = normalise(text, code)
    if code in ARABIC_SCRIPT:
        # Articles and prepositions join the word (الاقتراح، للتوصية): look inside words.
        return any(word in text for word in accepted)
    # Elsewhere a listed word is a stem: it must start a word (séance → séances).
    return any(re.search(r"(?<!\w)" + re.escape(word), text) for word in accepted)


def glossary_locales() -> tuple[str, ...]:
    return LOCALE_CODES
