"""Read the interface catalogs once for the tests that look at their wording."""

from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from council.i18n import LOCALE_CODES

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
TRANSLATED = tuple(code for code in LOCALE_CODES if code != "en")  # English is the source


@cache
def catalog(code: str) -> Catalog:
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=code)


@cache
def template() -> Catalog:
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        return read_po(handle)


def entries(code: str) -> list[Message]:
    return [message for message in catalog(code) if message.id]


def source_text(message: Message) -> str:
    """The English of an entry (both forms of a plural entry)."""
    return " ".join(message.id) if isinstance(message.id, tuple) else message.id


def translations(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def label(message: Message) -> str:
    key = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"[{message.context}] {key!r}" if message.context else repr(key)


def translation_of(code: str, msgid: str, context: str | None = None) -> str:
    message = catalog(code).get(msgid, context=context)
    assert message is not None, f"{code}: no entry {context!r} {msgid!r}"
    return message.string
