"""User-written Markdown → safe HTML, for every domain (proposals, referrals, comments).

Two layers: markdown-it never passes raw HTML through and refuses `javascript:` links, then the
nh3 allow-list sanitiser keeps only the tags and URL schemes we expect, whatever the parser does.
Images are not allowed: an image URL would make readers' browsers call a third party.
"""

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# A page already has its own h1/h2: user headings start at h3 so the outline stays in order.
HEADING_SHIFT = 2


def _shift_headings(state) -> None:
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"


_parser = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(
    ["strikethrough", "table"]
)
_parser.core.ruler.push("shift_headings", _shift_headings)


def _image_as_text(self, tokens, idx, options, env) -> str:
    # Images are not shown (no third-party requests); their description stays readable.
    return escapeHtml(tokens[idx].content)


_parser.add_render_rule("image", _image_as_text)


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    html = _parser.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )
    return Markup(clean)  # noqa: S704 — sanitised by nh3 just above


# --- the project's own documents (the help guides) -------------------------------------------

DOCUMENT_TAGS = ALLOWED_TAGS | {"h1", "h2", "img"}
DOCUMENT_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": {"src", "alt", "width", "height"}}
_document_parser = MarkdownIt("commonmark", {"html": False}).enable(["table"])


def render_document(text: str, local_url) -> Markup:
    """A Markdown file of the repository as a page of the site. Its links and pictures point at
    files next to it: `local_url(target)` gives their address on the site, or None for a
    target the site does not serve (then a link becomes plain text and a picture its
    description). Pictures are only ever served by the site itself."""
    tokens = _document_parser.parse(text)
    for token in tokens:
        unlinked = False  # links do not nest: the next link_close closes this one
        for child in token.children or []:
            if child.type == "link_open":
                url = local_url(str(child.attrGet("href") or ""))
                unlinked = url is None
                if unlinked:
                    child.type, child.tag, child.attrs = "span_open", "span", {}
                else:
                    child.attrSet("href", url)
            elif child.type == "link_close" and unlinked:
                child.type, child.tag, unlinked = "span_close", "span", False
            elif child.type == "image":
                url = local_url(str(child.attrGet("src") or ""))
                if url is None or "://" in url:
                    child.type, child.content = "text", child.content
                else:
                    child.attrSet("src", url)
    html = _document_parser.renderer.render(tokens, _document_parser.options, {})
    clean = nh3.clean(
        html, tags=DOCUMENT_TAGS, attributes=DOCUMENT_ATTRIBUTES, url_schemes=URL_SCHEMES
    )
    return Markup(clean)  # noqa: S704 — sanitised by nh3 just above
