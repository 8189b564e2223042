"""The accessibility statement (RGAA model), linked from every page's footer."""

import pytest

from council.roles import Role


def test_anyone_reads_the_statement_with_its_required_sections(client):
    response = client.get("/accessibility")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Accessibility statement</h1>" in page
    for section in (
        "Conformance status",
        "Test results",
        "Non-accessible content",
        "How this statement was established",
        "Feedback and contact",
        "Remedies",
    ):
        assert f"<h2>{section}</h2>" in page
    assert "partially compliant with the French accessibility framework RGAA" in page
    assert "No complete audit has been carried out yet" in page
    assert "axe-core" in page and "Nu Html Checker" in page
    assert "This statement was established on November 25, 2026." in page


def test_the_statement_gives_the_contact_and_the_right_to_complain(client):
    page = client.get("/accessibility").get_data(as_text=True)
    assert '<a href="mailto:accessibilite@ville.example">accessibilite@ville.example</a>' in page
    assert "Défenseur des droits" in page
    assert "delegate of the Défenseur des droits" in page
    assert (
        '<address lang="fr" dir="ltr">Défenseur des droits<br>Libre réponse 71120<br>'
        "75342 Paris CEDEX 07</address>"
    ) in page
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in page


def test_the_contact_address_and_date_come_from_the_configuration(app, client):
    app.config.update(
        ACCESSIBILITY_CONTACT_EMAIL="a11y@grenoble.example",
        ACCESSIBILITY_STATEMENT_DATE="2027-03-01",
    )
    try:
        page = client.get("/accessibility").get_data(as_text=True)
    finally:
        app.config.update(
            ACCESSIBILITY_CONTACT_EMAIL="accessibilite@ville.example",
            ACCESSIBILITY_STATEMENT_DATE="2026-11-25",
        )
    assert "mailto:a11y@grenoble.example" in page
    assert "accessibilite@ville.example" not in page
    assert "March 1, 2027" in page


@pytest.mark.parametrize("path", ["/", "/services/", "/login", "/nowhere"])
def test_every_page_links_the_statement_from_its_footer(client, path):
    page = client.get(path).get_data(as_text=True)
    footer = page[page.index('<footer class="site-footer">') :]
    assert '<a href="/accessibility">Accessibility: partially compliant</a>' in footer


def test_the_statement_follows_the_reader_language_and_direction(client, make_user):
    page = client.get("/accessibility?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    # The ombudsman's postal address stays in French, marked as such inside Arabic pages.
    assert '<address lang="fr" dir="ltr">' in page
    make_user(Role.MEMBER, email="m@example.org")
    client.login("m@example.org")
    assert client.get("/accessibility").status_code == 200


def test_only_get_reaches_the_statement(client):
    assert client.post("/accessibility").status_code == 405
