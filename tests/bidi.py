"""Latin runs inside right-to-left text: which need isolating, and the isolate marks.

A run of Latin text that starts or ends with punctuation, or holds brackets, colons or slashes
(https://, <token>, (OpenAPI), Content-Type: application/json, .ics), is drawn in the wrong
order inside Arabic, Dari or Pashto unless it is isolated: U+2068 FIRST STRONG ISOLATE before
it and U+2069 POP DIRECTIONAL ISOLATE after it (what <bdi> does in HTML).
"""

import re

FSI, PDI = "\u2068", "\u2069"
RIGHT_TO_LEFT = ("ar", "fa_AF", "ps")

# Printable ASCII, accented Latin letters and the ellipsis of "https://…", single spaces inside.
LATIN_RUN = re.compile(r"[!-~\u00c0-\u024f\u2026]+(?: [!-~\u00c0-\u024f\u2026]+)*")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
SENTENCE_END = ".,;:!?"
MARKDOWN = "*_"  # **bold** around a translated word belongs to the right-to-left text
RISKY = set("()[]<>:/=*\u2026")
CLOSING = {")": "(", "]": "[", ">": "<"}


def trimmed(run: str) -> str:
    """The run without the sentence's own punctuation and unmatched brackets at its ends."""
    changed = True
    while run and changed:
        changed = False
        run = run.strip()
        if not run:
            break
        if run[-1] in SENTENCE_END + MARKDOWN and not run.endswith("://"):
            run, changed = run[:-1], True
        elif run[0] in SENTENCE_END + MARKDOWN:
            run, changed = run[1:], True
        elif _unmatched(run[-1], run):
            run, changed = run[:-1], True
        elif _unmatched(run[0], run):
            run, changed = run[1:], True
    return run


def _unmatched(bracket: str, run: str) -> bool:
    pairs = {**CLOSING, **{opening: closing for closing, opening in CLOSING.items()}}
    return bracket in pairs and run.count(bracket) != run.count(pairs[bracket])


def runs_needing_isolation(text: str) -> list[str]:
    """Latin runs of `text` (placeholders aside) that are not inside FSI … PDI but should be."""
    outside = re.sub(f"{FSI}[^{PDI}]*{PDI}", " ", text)
    outside = PLACEHOLDER.sub(" ", outside)
    found = []
    for match in LATIN_RUN.finditer(outside):
        run = trimmed(match.group(0))
        if not re.search("[A-Za-z]", run):
            continue
        if not run[0].isalnum() or not run[-1].isalnum() or set(run) & RISKY:
            found.append(run)
    return found


def isolate(text: str) -> str:
    """`text` with each run that needs it wrapped in FSI … PDI."""
    for run in runs_needing_isolation(text):
        start = text.find(run)
        text = text[:start] + FSI + run + PDI + text[start + len(run) :]
    return text
