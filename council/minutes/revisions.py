"""Differences between two saves of the minutes' text, section by section."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from council.proposals.text import DiffLine, diff_lines

SECTION_TITLES = {
    "chair": _l("Chaired by"),
    "easy_read": _l("Easy-read summary"),
    "summary": _l("General summary"),
}


@dataclass
class SectionChange:
    key: str
    title: str
    language: str
    lines: list[DiffLine]


def _sections(revision) -> dict[str, dict]:
    if revision is None:
        return {}
    return {section["key"]: section for section in revision.content["sections"]}


def changes_between(previous, current) -> list[SectionChange]:
    """Changed sections, in the order of the current text (text escaped by the template)."""
    before = _sections(previous)
    changes = []
    for key, section in _sections(current).items():
        old = before.get(key, {})
        if old.get("text", "") == section["text"] and old.get("language") == section["language"]:
            continue
        title = str(SECTION_TITLES.get(key, "")) or section["title"]
        changes.append(
            SectionChange(
                key, title, section["language"], diff_lines(old.get("text"), section["text"])
            )
        )
    return changes
