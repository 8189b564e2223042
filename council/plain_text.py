"""Characters a one-line text may not hold, checked at every door: forms, API bodies, CLI.

A name or a title travels into places that treat a line break as structure: email headers
(a subject holding U+2028 or CR cannot be built at all), CSV exports, feeds, calendar files.
Invisible direction controls let a name display as someone else's ("Trojan Source" spoofing).
So one-line texts refuse both kinds, and header values are cleaned once more at build time,
because old rows may hold such characters from before this check.
"""

import re

from flask_babel import lazy_gettext as _l

# C0 controls (NUL, TAB, CR, LF…), DEL, C1 controls (NEL U+0085…), line and paragraph
# separators: each one either breaks a line somewhere or is invisible.
LINE_BREAK_OR_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Embeddings, overrides, their terminator, isolates: they reorder the characters that follow.
DIRECTION_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Direction marks (LRM, RLM, ALM) reorder nothing, and Arabic or Dari titles may need them;
# in a name they only make an invisible twin of someone else's name.
DIRECTION_MARK = re.compile("[\u200e\u200f\u061c]")

# A text of several lines (a comment, a justification) keeps its line breaks and tabs only.
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")

ONE_LINE_MESSAGE = _l(
    "Write this on one line, without invisible control or text-direction characters."
)


def one_line_problem(value) -> str | None:
    """The translated reason a one-line text is refused, or None when it is acceptable."""
    if isinstance(value, str) and (
        LINE_BREAK_OR_CONTROL.search(value) or DIRECTION_CONTROL.search(value)
    ):
        return str(ONE_LINE_MESSAGE)
    return None


def header_safe(value: str | None) -> str:
    """A value that can go into an email header whatever was stored: every line break and
    control becomes a space, direction controls go. (Non-breaking spaces stay: French puts
    them before "?" and inside quotation marks.)"""
    text = LINE_BREAK_OR_CONTROL.sub(" ", value or "")
    text = DIRECTION_CONTROL.sub("", text)
    return re.sub(" {2,}", " ", text).strip(" ")


FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolate(value) -> str:
    """A name or title inside a translated sentence, between U+2068 and U+2069 (as the catalogs
    write Latin runs): a French title keeps its order inside an Arabic sentence and leaves the
    sentence's alone. For plain text (emails, notifications, flash messages); HTML pages use
    <bdi> (the `bdi` filter). The only direction controls the site writes itself, always paired:
    `header_safe` takes them out of mail headers like any other."""
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"
