"""What the bad-input walk needs: the links and forms of a page (read like a browser reads
them), a crawl of the site as one person, and the hostile values each field gets."""

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

HUGE_NUMBER = "99999999999999999999"
HOSTILE = {
    "empty": "",
    "too long": "a" * 100_000,
    "markup": '<script>alert("walk")</script><img src=x onerror=alert(1)>',
    "NUL byte": "a\x00b",
    "huge number": HUGE_NUMBER,
    "negative number": "-1",
    "not a number": "un, deux",
}
# What a page must never show as it was sent (it would run in the reader's browser).
RAW_MARKUP = '<script>alert("walk")</script>'
# Forms the walk does not send: they end the walking person's session or account.
NOT_SENT = ("/logout", "/privacy/erase", "/account/erase")


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[tuple[str, str, str, list[str]]] = field(default_factory=list)
    # (name, kind, value, options): kind is the input type, "textarea" or "select"

    def values(self, hostile: str | None) -> dict:
        """The form as a person would send it (hostile None: the page's own values, the first
        option of each list, boxes ticked), or with `hostile` in every field but the token."""
        data: dict[str, list[str]] = {}
        for name, kind, value, options in self.fields:
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if name == "csrf_token":
                sent = value
            elif hostile is not None:
                sent = hostile
            elif kind == "select":
                sent = value or (options[0] if options else "")
            elif kind in ("checkbox", "radio"):
                if kind == "radio" and name in data:
                    continue
                sent = value or "y"
            else:
                sent = value or ("2027-01-15" if kind == "date" else "Texte de la marche")
            data.setdefault(name, []).append(sent)
        return data

    def text_names(self) -> list[str]:
        kinds = ("text", "textarea", "email", "search", "url", "tel", "password", "")
        return [name for name, kind, _v, _o in self.fields if kind in kinds]


class PageReader(HTMLParser):
    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, options, chosen
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.base, attrs["href"]))
        elif tag == "form":
            self._form = Form(
                urljoin(self.base, attrs.get("action") or self.base),
                (attrs.get("method") or "get").lower(),
                attrs.get("enctype") or "application/x-www-form-urlencoded",
            )
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            self._form.fields.append((attrs["name"], kind, attrs.get("value") or "", []))
        elif tag == "textarea":
            self._textarea = (attrs["name"], [])
        elif tag == "select":
            self._select = (attrs["name"], [], [])
        if tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select[1].append(value)
            if "selected" in attrs:
                self._select[2].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form.fields.append((name, "textarea", "".join(text), []))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, options, chosen = self._select
            self._form.fields.append((name, "select", chosen[0] if chosen else "", options))
            self._select = None


def read_page(url: str, body: str) -> PageReader:
    reader = PageReader(url)
    reader.feed(body)
    return reader


def local_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def skipped(path: str) -> bool:
    """Pages the crawl does not open: files and documents that take long to draw and have no
    form, and the ones that end the session."""
    return (
        path.startswith(("/static/", "/files/", "/help/screenshots/"))
        or path.split("?")[0].endswith((".pdf", ".ics", ".atom", ".md", ".json", ".csv"))
        or path.startswith(NOT_SENT)
    )


def crawl(get, start: list[str], limit: int) -> tuple[list[tuple[str, int, str]], list[Form]]:
    """Open pages breadth-first from `start` (at most `limit`): [(path, status, body)] and the
    forms found (one per action and set of fields)."""
    seen, queue, pages, forms, form_keys = set(start), deque(start), [], [], set()
    while queue and len(pages) < limit:
        path = queue.popleft()
        status, body = get(path)
        pages.append((path, status, body))
        if status != 200:
            continue
        reader = read_page("http://localhost" + path, body)
        for form in reader.forms:
            key = (urlsplit(form.action).path, form.method, tuple(f[0] for f in form.fields))
            if key not in form_keys:
                form_keys.add(key)
                forms.append(form)
        for link in reader.links:
            found = local_path(link)
            if found and found not in seen and not skipped(found):
                seen.add(found)
                queue.append(found)
    return pages, forms
