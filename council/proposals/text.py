"""Comparing two versions of a proposal's text, line by line (the template escapes them).

Markdown is rendered by the shared `council.markdown.render_markdown` (markdown-it without raw
HTML, then the nh3 allow-list)."""

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same" | "added" | "removed"
    text: str


def diff_lines(old: str | None, new: str | None) -> list[DiffLine]:
    """Line-by-line changes from `old` to `new`; the template escapes the text."""
    old_lines = (old or "").splitlines()
    new_lines = (new or "").splitlines()
    result: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(DiffLine("same", line) for line in old_lines[i1:i2])
            continue
        result.extend(DiffLine("removed", line) for line in old_lines[i1:i2])
        result.extend(DiffLine("added", line) for line in new_lines[j1:j2])
    return result
