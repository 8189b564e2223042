"""A list's placeholder choice ("All themes", "Choose a theme") is sent back as it was
rendered: the filter form submitted untouched filters nothing and shows no error."""

import re

from council.roles import Role

OPTION = re.compile(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', re.S)
SELECTED = re.compile(r'<option selected value="([^"]*)"')


def default_values(html: str) -> dict[str, str]:
    values = {}
    for name, options in OPTION.findall(html):
        chosen = SELECTED.search(options)
        values[name] = chosen.group(1) if chosen else ""
    return values


def test_the_filter_form_submitted_with_its_defaults_shows_every_proposal(client):
    page = client.get("/proposals/").get_data(as_text=True)
    defaults = default_values(page)
    assert defaults["theme"] == "" and defaults["service"] == ""
    answer = client.get("/proposals/", query_string={"q": "", **defaults})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Choose an option from the list." not in html
    assert 'class="error-summary' not in html


def test_the_theme_placeholder_is_empty_and_still_required(client, make_user):
    client.login(make_user(Role.MEMBER, email="writer@example.org").email)
    page = client.get("/proposals/new").get_data(as_text=True)
    assert default_values(page)["theme_id"] == ""
    answer = client.submit(
        "/proposals/new",
        {"title": "Bancs", "body": "Des bancs.", "language": "fr", "theme_id": ""},
    )
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert re.search(r'id="theme_id-error">\s*This field is required\.', html)
    assert "Choose an option from the list." not in html
