"""The documentation a newcomer reads renders as written: every Markdown file closes the code
blocks it opens, and every relative link or picture in README, CONTRIBUTING, CHANGELOG and
docs/ leads to a file of the repository (an unclosed fence once turned half the README into
one block of code; links once pointed outside the repository)."""

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
# Folders made by tools, never part of what we publish.
NOT_OURS = {".git", ".venv", "node_modules", "test-artifacts", "instance", ".pytest_cache"}
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def repository_files() -> set[str]:
    """Paths tracked by git (a fresh clone has exactly these); the folder walk when no git."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        listed = [
            str(path.relative_to(ROOT))
            for path in ROOT.rglob("*")
            if path.is_file()
            and not NOT_OURS & set(path.relative_to(ROOT).parts)
            and not path.relative_to(ROOT).parts[0].startswith(".venv")
        ]
    return {name for name in listed if name}


FILES = repository_files()
MARKDOWN = sorted(name for name in FILES if name.endswith(".md"))
LINKED = sorted(
    name
    for name in MARKDOWN
    if name in {"README.md", "CONTRIBUTING.md", "CHANGELOG.md"} or name.startswith("docs/")
)


def unclosed_fence(text: str) -> int | None:
    """Line number (1-based) of a code fence that is never closed, following CommonMark: a
    fence closes on a line of the same character, at least as long, with nothing after it."""
    opened_at, marker = None, ""
    for number, line in enumerate(text.splitlines(), start=1):
        found = FENCE.match(line)
        if not found:
            continue
        fence, rest = found.groups()
        if opened_at is None:
            if fence[0] == "`" and "`" in rest:
                continue  # inline code such as ```a``` is not a fence
            opened_at, marker = number, fence
        elif fence[0] == marker[0] and len(fence) >= len(marker) and not rest.strip():
            opened_at = None
    return opened_at


def relative_targets(text: str) -> list[str]:
    """Targets of links and pictures that point inside the repository (no scheme, no host,
    not only an anchor), as markdown-it reads them: links inside code are not links."""
    targets = []
    for token in MarkdownIt("commonmark").parse(text):
        for child in token.children or []:
            target = child.attrGet("href") if child.type == "link_open" else None
            target = child.attrGet("src") if child.type == "image" else target
            if not target:
                continue
            parts = urlsplit(str(target))
            if parts.scheme or parts.netloc or not parts.path:
                continue
            targets.append(unquote(parts.path))
    return targets


def resolves(source: str, target: str) -> bool:
    path = (ROOT / source).parent / target
    try:
        relative = path.resolve().relative_to(ROOT)
    except ValueError:
        return False  # outside the repository (e.g. ../shared/)
    name = relative.as_posix()
    if name in FILES:
        return True
    folder = name.rstrip("/") + "/"
    return any(file.startswith(folder) for file in FILES)


def test_the_repository_has_the_documents_a_newcomer_reads():
    for name in ("README.md", "CONTRIBUTING.md", "CHANGELOG.md", "docs/design.md"):
        assert name in MARKDOWN
    assert len(LINKED) >= 5


@pytest.mark.parametrize("name", MARKDOWN)
def test_every_code_fence_is_closed(name):
    line = unclosed_fence((ROOT / name).read_text(encoding="utf-8"))
    assert line is None, f"{name}: the code block opened on line {line} is never closed"


@pytest.mark.parametrize("name", LINKED)
def test_every_relative_link_leads_to_a_file_of_the_repository(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    broken = [target for target in relative_targets(text) if not resolves(name, target)]
    assert broken == [], f"{name} links to what the repository does not have: {broken}"


def test_the_checks_see_what_broke_the_readme_once():
    readme_2026 = "Cron:\n\n```\nflask remind\n\n## API\n\ntext\n"
    assert unclosed_fence(readme_2026) == 3
    assert unclosed_fence("````md\n```\ninner\n```\n````\n") is None
    assert unclosed_fence("~~~\ncode\n```\n") == 1
    links = "[design](../shared/DESIGN.md) `[not](a-link.md)` ![pic](docs/x.png) [w](https://x.org)"
    assert relative_targets(links) == ["../shared/DESIGN.md", "docs/x.png"]
    assert not resolves("README.md", "../shared/DESIGN.md")
    assert resolves("docs/design.md", "../CONTRIBUTING.md")
    assert not resolves("docs/design.md", "missing.md")
