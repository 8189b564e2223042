"""Errors where the eye is: a refused form comes back scrolled to its error summary (the
form's action ends with #error-summary), the summary links to the field, and on a page with
several forms the refused one keeps what was typed."""

import re
from pathlib import Path

from council.extensions import db
from council.roles import Role
from tests.meeting_helpers import new_meeting

TEMPLATES = Path(__file__).resolve().parents[1] / "council" / "templates"


def test_every_form_with_an_error_summary_opens_at_it():
    missing = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for form in re.finditer(r"<form\b[^>]*>(.*?)</form>", text, re.S):
            if "error_summary(" in form.group(1) and "#error-summary" not in form.group(0)[:300]:
                missing.append(str(path.relative_to(TEMPLATES)))
    assert missing == []


def test_a_refused_agenda_item_keeps_its_values_and_points_at_its_field(client, make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org")
    meeting = new_meeting(secretary)
    db.session.commit()
    client.login("sec@example.org")
    manage = f"/meetings/{meeting.id}/manage"
    refused = client.submit(
        f"/meetings/{meeting.id}/agenda",
        {"kind": "other", "title": "x" * 300, "description": "Kept as typed"},
        form_page=manage,
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert f'action="/meetings/{meeting.id}/agenda#error-summary"' in page
    assert '<div class="error-summary" id="error-summary" role="alert"' in page
    assert '<a href="#title">' in page
    assert "Kept as typed</textarea>" in page
