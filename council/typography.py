"""French typography for user-written French text: what a French reader expects on the page.

Members type "Pourquoi pas ?" or « oui » with ordinary spaces, and straight apostrophes. On a
narrow screen the line may then break before the "?" or inside the quotation marks. The
`typography` filter makes those existing spaces unbreakable: a narrow no-break space before
; ! ?, a no-break space before : and inside « ».

It changes nothing else: a space the author did not type is not inserted, so URLs (?a=1),
times (18:30) and code are left alone, and the author's own characters (apostrophes,
quotation marks) stay as typed, so that a title still reads exactly as written and can be
searched for; in rendered Markdown only the text between tags changes, never inside <code>
or <pre> and never an attribute.
"""

import re

from markupsafe import Markup

NARROW_NO_BREAK = "\u202f"
NO_BREAK = "\u00a0"

_BEFORE_SIGN = re.compile(r"(?<=\S) ([;!?])(?=\s|$|[»)])")
_BEFORE_COLON = re.compile(r"(?<=\S) :(?=\s|$)")
_AFTER_OPENING = re.compile(r"« ")
_BEFORE_CLOSING = re.compile(r" »")
_TAG = re.compile(r"(<[^>]*>)")
_VERBATIM = re.compile(r"<(/?)(code|pre)\b", re.IGNORECASE)


def french_text(text: str) -> str:
    text = _BEFORE_SIGN.sub(NARROW_NO_BREAK + r"\1", text)
    text = _BEFORE_COLON.sub(NO_BREAK + ":", text)
    text = _AFTER_OPENING.sub("«" + NO_BREAK, text)
    return _BEFORE_CLOSING.sub(NO_BREAK + "»", text)


def french_html(html: str) -> str:
    """Typography in the text between tags, outside <code> and <pre>."""
    parts = _TAG.split(html)
    verbatim = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            opening = _VERBATIM.match(part)
            if opening:
                verbatim += -1 if opening.group(1) else 1
        elif not verbatim:
            parts[index] = french_text(part)
    return "".join(parts)


def typography(value, language: str | None):
    """The `typography` filter: `{{ text | typography(code) }}`, `code` being the text's own
    language (not the page's): only French text changes."""
    if not value or not (language or "").lower().startswith("fr"):
        return value
    if isinstance(value, Markup):
        return Markup(french_html(str(value)))  # noqa: S704 — only spaces change
    return french_text(str(value))
