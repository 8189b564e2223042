"""User data is never marked as safe HTML (issue 11, point 9: attendance-sheet labels).

Lazy translated strings count as safe HTML in Jinja and WTForms, so one holding a name would
inject it as markup. The class is closed by a scan of the code; the attendance sheet is checked
with a real page; new `|safe` and `Markup(` uses must be reviewed and listed here."""

import ast
import re
from pathlib import Path

from council.extensions import db
from tests.meeting_helpers import session_with

ROOT = Path(__file__).resolve().parent.parent / "council"
LAZY = {"_l", "lazy_gettext", "lazy_pgettext", "lazy_ngettext"}
HOSTILE = '<img src=x onerror="alert(1)">'


def test_no_lazy_translation_is_filled_with_values():
    """A lazy string with a placeholder filled in code (`_l("…%(name)s", name=…)`) is
    rendered unescaped: fill it at request time with gettext instead."""
    filled = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in LAZY
                and node.keywords
            ):
                filled.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert filled == []


# Reviewed uses: each escapes what it wraps (`| e` before `| safe`; Markup.format escapes its
# arguments; Markdown and documents are cleaned by nh3 before Markup; typography only changes
# spaces inside what is already Markup; polls/verify.html marks constant markup and a link
# built by url_for).
REVIEWED_SAFE = {"templates/proposals/_macros.html": 2, "templates/polls/verify.html": 2}
# accounts/two_factor_views.py: segno's SVG of a QR code (the address is drawn as modules, never
# as text) with our own translated label.
REVIEWED_MARKUP = {
    "templating.py": 1,
    "markdown.py": 3,
    "typography.py": 1,
    "accounts/two_factor_views.py": 1,
    "meetings/room_screen.py": 1,  # a panel rendered by Jinja (autoescaped), per language
    "translations_content/reading.py": 1,  # isolated(): Markup.format escapes the title
}


def test_every_safe_and_markup_use_is_reviewed():
    safe = {}
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        found = re.findall(r"\|\s*safe\b", text)
        if found:
            safe[str(path.relative_to(ROOT))] = len(found)
            # Each use escapes the user's text just before, or wraps a constant of the template.
            for line in text.splitlines():
                for before in re.findall(r"(.{0,6})\|\s*safe\b", line):
                    assert before.rstrip().endswith(("| e)", "'", "_url)")), line
    assert safe == REVIEWED_SAFE
    markup = {}
    for path in ROOT.rglob("*.py"):
        count = len(re.findall(r"\bMarkup\(", path.read_text()))
        if count:
            markup[str(path.relative_to(ROOT))] = count
    assert markup == REVIEWED_MARKUP


def test_the_attendance_sheet_escapes_names(app, client, make_user):
    secretary, members, meeting = session_with(make_user, members=1)
    members[0].display_name = HOSTILE  # as an old row, or a name made on the command line
    db.session.commit()
    client.login(secretary.email)
    page = client.get(f"/meetings/{meeting.id}/attendance").get_data(as_text=True)
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=" in page
