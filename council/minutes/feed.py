"""The Atom feed of published minutes (RFC 4287), built with ElementTree so every text is
escaped. Entry ids are tag: URIs (RFC 4151) made of the site's host, the day of publication
and the meeting number: they never change, whatever is corrected later."""

from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from council.attachments.content import CONTENT_TYPES
from council.attachments.models import OwnerKind
from council.attachments.queries import attachments_by_owner
from council.extensions import db
from council.minutes.models import Minutes, MinutesState
from council.translations_content.queries import available_languages
from council.translations_content.reading import passage

ATOM = "http://www.w3.org/2005/Atom"
# Our own Atom extension: the audit chain head at each poll's close, copied into every reader's
# feed archive, where a later rewrite of the database cannot follow (`flask audit verify
# --anchors minutes.atom`).
AUDIT_NS = "tag:council,2026:audit"
POLL_CLOSED = f"{{{AUDIT_NS}}}pollClosed"
register_namespace("council", AUDIT_NS)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_TAG_YEAR = "2026"  # when this feed started: part of every id, so never change it
MAX_ENTRIES = 50
SUMMARY_CHARS = 600


def _base() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def _host() -> str:
    return urlsplit(_base()).hostname or "localhost"


def entry_id(minutes: Minutes) -> str:
    day = minutes.published_at.astimezone(UTC).date().isoformat()
    return f"tag:{_host()},{day}:minutes/{minutes.meeting_id}"


def updated_at(minutes: Minutes) -> datetime:
    moments = [minutes.published_at, *(erratum.created_at for erratum in minutes.errata)]
    return max(moments)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _text(parent, tag: str, value: str, **attributes) -> Element:
    element = SubElement(parent, tag, attributes)
    element.text = value
    return element


def published_minutes() -> list[Minutes]:
    return list(
        db.session.scalars(
            select(Minutes)
            .where(Minutes.state == MinutesState.PUBLISHED)
            .order_by(Minutes.published_at.desc(), Minutes.id.desc())
            .limit(MAX_ENTRIES)
        )
    )


def _summary(minutes: Minutes) -> tuple[str, str]:
    """The easy-read summary (else the general summary), in the feed's language when a member
    translated it, else in its own."""
    field = "easy_read" if minutes.easy_read.strip() else "summary"
    shown = passage("minutes", minutes, field)
    return shown.text.strip(), shown.shown.html_lang


def closing_heads(minutes: Minutes) -> list[tuple[int, str]]:
    """(poll id, chain head at its close) of every poll in the frozen record."""
    return [
        (poll["id"], poll["result"]["audit_head"])
        for item in (minutes.record or {}).get("items", [])
        for poll in item.get("polls", [])
        if (poll.get("result") or {}).get("audit_head")
    ]


def _alternates(entry: Element, href: str, minutes: Minutes) -> None:
    """The page in each language the minutes can be read in, then the plain page (last: readers
    such as feedparser take the last alternate as the entry's link)."""
    for code in available_languages("minutes", minutes):
        hreflang = code.replace("_", "-")
        SubElement(entry, "link", rel="alternate", type="text/html", hreflang=hreflang,
                   href=f"{href}?lang={code}")  # fmt: skip
    SubElement(entry, "link", rel="alternate", type="text/html", href=href)


def _enclosures(entry: Element, files) -> None:
    """The annexes, as Atom enclosures (RFC 4287 4.2.7.2): a feed reader can fetch them."""
    for attachment in files:
        SubElement(entry, "link", rel="enclosure", href=_base() + url_for(
            "attachments.download", attachment_token=attachment.token),
            type=CONTENT_TYPES[attachment.file_kind].split(";")[0], length=str(attachment.size),
            title=attachment.title, hreflang=attachment.language.replace("_", "-"),
        )  # fmt: skip


def build_feed(language_code: str) -> bytes:
    entries = published_minutes()
    annexes = attachments_by_owner(OwnerKind.MINUTES, [minutes.id for minutes in entries])
    feed = Element("feed", {"xmlns": ATOM, XML_LANG: language_code.replace("_", "-")})
    _text(feed, "title", _("Minutes of the council of foreign residents"))
    _text(feed, "id", f"tag:{_host()},{FEED_TAG_YEAR}:minutes")
    newest = max((updated_at(m) for m in entries), default=datetime(2026, 1, 1, tzinfo=UTC))
    _text(feed, "updated", _stamp(newest))
    SubElement(feed, "link", rel="self", href=_base() + url_for("minutes.feed"))
    SubElement(feed, "link", rel="alternate", href=_base() + url_for("meetings.index"))
    author = SubElement(feed, "author")
    _text(author, "name", _("Council of foreign residents"))
    for minutes in entries:
        meeting = minutes.meeting
        text, text_language = _summary(minutes)
        entry = SubElement(feed, "entry", {XML_LANG: text_language})
        _text(entry, "id", entry_id(minutes))
        title = _("Minutes: %(title)s", title=meeting.title)
        _text(entry, "title", title)
        _text(entry, "published", _stamp(minutes.published_at))
        _text(entry, "updated", _stamp(updated_at(minutes)))
        _alternates(entry, _base() + url_for("minutes.show", meeting_id=meeting.id), minutes)
        if text:
            cut = text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rstrip() + "…"
            _text(entry, "summary", cut, type="text")
        _enclosures(entry, annexes.get(minutes.id, []))
        for poll_id, head in closing_heads(minutes):
            SubElement(entry, POLL_CLOSED, poll=str(poll_id), head=head)
    return tostring(feed, encoding="utf-8", xml_declaration=True)
