"""French text written by members gets French typography on the page; other text does not."""

from markupsafe import Markup

from council.markdown import render_markdown
from council.roles import Role
from council.typography import typography
from tests.proposal_factories import a_draft

NARROW, NO_BREAK = "\u202f", "\u00a0"


def test_french_spaces_become_unbreakable():
    shown = typography("Pourquoi pas ? Un « vrai » jardin : l'avis des voisins !", "fr")
    assert shown == (
        f"Pourquoi pas{NARROW}? Un «{NO_BREAK}vrai{NO_BREAK}» jardin{NO_BREAK}: "
        f"l'avis des voisins{NARROW}!"
    )  # the author's apostrophe stays as typed: the title reads and searches as written


def test_nothing_is_inserted_where_the_author_put_no_space():
    text = "Réunion à 18:30, voir https://ville.example/?page=2&x=1 ou mail:contact; merci!"
    assert typography(text, "fr") == text


def test_other_languages_are_left_alone():
    assert typography("Neden olmasın ? « evet »", "tr") == "Neden olmasın ? « evet »"
    assert typography("Why not ? it's", "en") == "Why not ? it's"
    assert typography("", "fr") == ""


def test_markdown_code_links_and_attributes_keep_their_characters():
    html = render_markdown(
        'Le point : voir `a ? b` et [l\'avis](https://x.example/?q=1 "titre : x")\n\n'
        "```\nclé : valeur ; fin !\n```"
    )
    shown = typography(html, "fr")
    assert isinstance(shown, Markup)
    assert f"Le point{NO_BREAK}: voir <code>a ? b</code>" in shown
    assert 'href="https://x.example/?q=1"' in shown and 'title="titre : x"' in shown
    assert ">l'avis</a>" in shown
    assert "<pre><code>clé : valeur ; fin !\n</code></pre>" in shown


def test_a_french_proposal_reads_with_french_typography(client, make_user):
    author = make_user(Role.MEMBER, email="author@example.org")
    french = a_draft(author, title="Un jardin partagé ? Oui : « vite »", body="L'avis ; enfin !")
    turkish = a_draft(author, title="Bir bahçe ? Evet", body="Evet ; tamam !", language="tr")
    client.login("author@example.org")
    page = client.get(f"/proposals/{french.id}?lang=ar").get_data(as_text=True)
    assert f"Un jardin partagé{NARROW}? Oui{NO_BREAK}: «{NO_BREAK}vite{NO_BREAK}»" in page
    assert f"L'avis{NARROW}; enfin{NARROW}!" in page
    page = client.get(f"/proposals/{turkish.id}?lang=fr").get_data(as_text=True)
    assert "Bir bahçe ? Evet" in page and "Evet ; tamam !" in page
