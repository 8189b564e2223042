"""/help: every page's footer leads to the guides of docs/guides/, listed in the visitor's
language (French, else English), rendered as pages of the site with their own pictures."""

import re
from pathlib import Path

from council.help.guides import ROLES

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_page_links_to_help_in_its_footer(client):
    for url in ("/", "/services/?lang=ar"):
        footer = client.get(url).get_data(as_text=True).split('class="site-footer"')[1]
        assert 'href="/help"' in footer


def test_help_lists_the_guides_of_each_role_in_the_visitors_language(client):
    french = client.get("/help?lang=fr").get_data(as_text=True)
    assert "<h1>Aide</h1>" in french
    for role in ROLES:
        title = (DOCS / "guides" / f"{role}.fr.md").read_text().splitlines()[0].lstrip("# ")
        escaped = title.replace("'", "&#39;")
        assert f'href="/help/{role}?version=fr">{escaped}</a>' in french
    arabic = client.get("/help?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<ul class="help-guides" lang="en" dir="ltr">' in arabic
    assert "Guide for council members" in arabic
    assert 'href="/help?version=fr"' in arabic  # the French guides, one click away


def test_a_guide_is_a_page_of_the_site_with_its_pictures(client):
    page = client.get("/help/member?lang=fr").get_data(as_text=True)
    assert '<article class="help-guide" lang="fr" dir="ltr">' in page
    assert "<h1>Guide du membre du conseil</h1>" in page
    pictures = re.findall(r'<img src="([^"]+)"', page)
    assert pictures and all(src.startswith("/help/screenshots/") for src in pictures)
    for src in pictures:
        picture = client.get(src)
        assert picture.status_code == 200 and picture.mimetype == "image/png"
        assert len(picture.data) < 150_000
    assert 'href="/help/secretary?version=fr"' in page  # links between guides stay on the site
    assert 'href="/help/member?version=en"' in page
    admin = client.get("/help/admin?version=fr").get_data(as_text=True)
    assert "README.md" not in admin  # repository files are not served: plain text


def test_unknown_guides_and_files_are_not_found(client):
    assert client.get("/help/nobody").status_code == 404
    assert client.get("/help/member?version=de").status_code == 200  # falls back to a guide
    assert client.get("/help/screenshots/missing.png").status_code == 404
    assert client.get("/help/screenshots/..%2Fguides%2Fmember.fr.md").status_code == 404
