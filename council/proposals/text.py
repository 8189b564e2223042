"""Showing what members wrote: Markdown made safe, and revisions compared word by word.

The text is stored as typed; it is rendered on display. markdown-it refuses raw HTML and
unsafe link schemes, then nh3 (an allow-list sanitiser) keeps only the tags below, so even a
bug in one layer cannot let a script or a `javascript:` link through.
"""

import difflib
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "a", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# "commonmark" without HTML: `<script>` stays visible text, never markup.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _shift_headings(html: str) -> str:
    # The page has its own h1 and h2: a member's "# Title" becomes an h3, so headings stay in order.
    for level in (6, 5, 4, 3, 2, 1):
        target = min(level + 2, 4)
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


def render_markdown(source: str | None) -> Markup:
    html = _shift_headings(_markdown.render(source or ""))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 — sanitised by nh3 just above


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
