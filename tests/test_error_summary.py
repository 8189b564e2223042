"""Errors where the eye is: a refused form comes back with the focus, and so the view, on its
error summary (autofocus: no script needed), the summary links to the field, and on a page with
several forms the refused one keeps what was typed.

Not an anchor in the form's action: the browser carries a fragment over the redirect that
follows a successful form (every page reached after a form would end in #error-summary) and
into the links of a filtered list."""

import re
from pathlib import Path

from council.extensions import db
from council.roles import Role
from tests.meeting_helpers import new_meeting

TEMPLATES = Path(__file__).resolve().parents[1] / "council" / "templates"


def test_every_form_sends_its_answer_to_its_own_address_without_a_fragment():
    with_fragment = []
    for path in TEMPLATES.rglob("*.html"):
        for form in re.finditer(r"<form\b[^>]*>", path.read_text()):
            if re.search(r'action="[^"]*#', form.group(0)):
                with_fragment.append(f"{path.relative_to(TEMPLATES)}: {form.group(0)}")
    assert with_fragment == []


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
    assert f'action="/meetings/{meeting.id}/agenda"' in page
    assert (
        '<div class="error-summary" id="error-summary" role="alert" tabindex="-1" autofocus>'
        in page
    )
    assert '<a href="#title">' in page
    assert "Kept as typed</textarea>" in page
