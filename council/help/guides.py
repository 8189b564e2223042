"""Reading the guides from docs/guides/<role>.<language>.md (the repository's documentation is
the single copy: GitHub shows the same files)."""

import re
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

ROLES = ("member", "secretary", "official", "admin")
LANGUAGES = ("fr", "en")
PICTURE = re.compile(r"^\.\./screenshots/([\w.-]+\.png)$")
GUIDE_LINK = re.compile(r"^(\w+)\.(fr|en)\.md$")


@dataclass(frozen=True)
class Guide:
    role: str
    language: str
    title: str
    summary: str
    text: str


def docs_dir() -> Path:
    return Path(current_app.config["HELP_DIR"])


def guide(role: str, language: str) -> Guide | None:
    if role not in ROLES or language not in LANGUAGES:
        return None
    path = docs_dir() / "guides" / f"{role}.{language}.md"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    paragraphs = [block.strip() for block in text.split("\n\n") if block.strip()]
    title = paragraphs[0].lstrip("# ").strip() if paragraphs else role
    summary = paragraphs[1].replace("\n", " ") if len(paragraphs) > 1 else ""
    return Guide(role, language, title, summary, text)


def guides_in(language: str) -> list[Guide]:
    return [found for role in ROLES if (found := guide(role, language)) is not None]


def version_for(locale: str, asked: str | None) -> str:
    """French readers get the French guide, everyone else the English one, unless they ask."""
    if asked in LANGUAGES:
        return asked
    return "fr" if locale == "fr" else "en"


def screenshot_path(filename: str) -> Path | None:
    path = docs_dir() / "screenshots" / filename
    return path if PICTURE.match(f"../screenshots/{filename}") and path.is_file() else None
