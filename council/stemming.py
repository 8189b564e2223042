"""Word stems, so that a search finds the other forms of a word ("logements" → "logement",
"traducteurs" → "traducteur", "evler" → "ev").

Snowball stemmers for French, English, Turkish, Russian, Arabic and Persian (Dari); Ukrainian
and Pashto have none, so their common inflection endings are cut. Stemmers work on words already
folded by `council.fulltext.words` (lower case, no accents), the same for texts and queries.

A stem is written into the index as a tagged word, `<stem>0<tag>` (e.g. `log0fr`): it only
meets the stem of the same language, so the Turkish stem of a French word cannot match French
words by chance. A word of unknown language gets the stems of every language of its script.
"""

import threading

import snowballstemmer

SNOWBALL = {"fr": "french", "en": "english", "tr": "turkish", "ru": "russian", "ar": "arabic",
            "fa": "persian"}  # fmt: skip
TAG_OF_LOCALE = {"fr": "fr", "en": "en", "tr": "tr", "ru": "ru", "uk": "uk", "ar": "ar",
                 "fa_AF": "fa", "ps": "ps"}  # fmt: skip
SCRIPT_TAGS = {"latin": ("fr", "en", "tr"), "cyrillic": ("ru", "uk"), "arabic": ("ar", "fa", "ps")}
MIN_STEM = 3  # shorter words are kept whole: their stems would meet too many others

# Endings cut from Ukrainian and Pashto words (longest first), as folded (no accents).
UKRAINIAN_ENDINGS = sorted(
    [
        "ами",
        "ями",
        "ові",
        "еві",
        "ого",
        "ому",
        "ими",
        "іми",
        "ові",
        "ах",
        "ях",
        "ів",
        "їв",
        "ою",
        "ею",
        "ий",
        "ій",
        "ої",
        "ом",
        "ем",
        "их",
        "іх",
        "ам",
        "ям",
        "а",
        "я",
        "о",
        "е",
        "у",
        "ю",
        "и",
        "і",
        "ї",
        "ь",
    ],
    key=len,
    reverse=True,
)
PASHTO_ENDINGS = sorted(
    ["ونو", "انو", "ګانې", "ګان", "ونه", "ان", "ې", "ه", "و", "ي", "ۍ", "ئ"], key=len, reverse=True
)

_local = threading.local()


def script_of(word: str) -> str | None:
    for char in word:
        code = ord(char)
        if char.isdigit():
            continue
        if code < 0x250:
            return "latin"
        if 0x400 <= code < 0x530:
            return "cyrillic"
        if 0x600 <= code < 0x700 or 0x750 <= code < 0x780 or 0xFB50 <= code < 0xFF00:
            return "arabic"
        return None
    return None


def _snowball(tag: str):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {t: snowballstemmer.stemmer(n) for t, n in SNOWBALL.items()}
    return stemmers[tag]


def _cut(word: str, endings: list[str]) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def stem(word: str, tag: str) -> str:
    if tag == "uk":
        return _cut(word, UKRAINIAN_ENDINGS)
    if tag == "ps":
        return _cut(word, PASHTO_ENDINGS)
    return _snowball(tag).stemWord(word)


def tags_for(word: str, locale: str | None) -> tuple[str, ...]:
    """The languages whose stem of `word` is indexed or searched."""
    if len(word) < MIN_STEM or any(char.isdigit() for char in word):
        return ()
    script = script_of(word)
    if script is None:
        return ()
    tag = TAG_OF_LOCALE.get(locale or "")
    if tag in SCRIPT_TAGS[script]:
        return (tag,)
    return SCRIPT_TAGS[script]


def stem_tokens(word: str, locale: str | None = None) -> list[str]:
    """The tagged stems of `word`: `log0fr` for "logements" in French."""
    return [f"{stem(word, tag)}0{tag}" for tag in tags_for(word, locale)]
