"""The public list: search in every language (same results on SQLite and PostgreSQL), filters,
sort and pagination. Bad queries never break the page."""

import re

import pytest

from council.extensions import db
from council.proposals import operations, support
from council.proposals.models import Proposal
from council.proposals.queries import Filters, public_list_query
from council.roles import Role
from council.services import operations as services
from tests.proposal_factories import a_draft, a_submitted, a_theme

CORPUS = {
    "fr": ("Logement d'urgence", "Créer des places d'hébergement d'URGENCE en hiver. Été 2026."),
    "ar": ("دروس اللغة", "نقترح دروسًا مسائية لتعليم اللغة الفرنسية للأمهات في الأحياء."),
    "tr": ("Sağlık merkezi", "İstanbul'dan gelen aileler için tercüman ve SAĞLIK danışmanlığı."),
    "ru": ("Языковые курсы", "Бесплатные курсы французского языка для взрослых. Москва."),
    "fa_AF": ("حقوق ساکنین", "ما می‌خواهیم که حقوق ساکنین خارجی محترم شمرده شود."),
}


@pytest.fixture
def corpus(make_user):
    author = make_user(Role.MEMBER)
    helpers = [make_user(Role.MEMBER), make_user(Role.MEMBER)]
    made = {}
    for code, (title, body) in CORPUS.items():
        made[code] = a_submitted(author, helpers, title=title, body=body, language=code).id
    a_draft(author, title="Brouillon secret", body="urgence cachée")  # never found publicly
    return made


def found(query: str) -> set[int]:
    rows = db.session.execute(public_list_query(Filters(query=query))).all()
    return {proposal.id for proposal, _ in rows}


def test_search_finds_whole_words_in_every_language(corpus):
    expected = {
        "urgence": {"fr"},
        "URGENCE": {"fr"},
        "hebergement": {"fr"},  # accents do not matter
        "été": {"fr"},
        "gement": set(),  # inside a word: no
        "loge": {"fr"},  # the beginning of a word: yes
        "اللغة": {"ar"},
        "الفرنسية": {"ar"},
        "sağlık": {"tr"},
        "SAĞLIK": {"tr"},
        "istanbul": {"tr"},
        "İSTANBUL": {"tr"},
        "москва": {"ru"},
        "КУРСЫ": {"ru"},
        "языка": {"ru"},
        "حقوق": {"fa_AF"},
        "ساکنین خارجی": {"fa_AF"},
        "курсы urgence": set(),  # every word must be there
        "2026": {"fr"},
        "cachée": set(),  # drafts are not public
    }
    for query, languages in expected.items():
        assert found(query) == {corpus[code] for code in languages}, query


@pytest.mark.parametrize(
    "query",
    ['"', "'", "urgence\"", "OR", "AND NOT", "NEAR(a b)", "*", "-urgence", "a:*", "!&|()",
     "col:urgence", "^urgence", "x" * 500, "'; DROP TABLE proposals; --", "\\"],
)  # fmt: skip
def test_query_syntax_is_neutralised(client, corpus, query):
    response = client.get("/proposals/", query_string={"q": query})
    assert response.status_code == 200
    assert db.session.query(Proposal).count() == 6


def test_a_nul_character_is_refused_with_a_message(client, corpus):
    """Refused before any view (council/input_guard.py), as in every address and form."""
    response = client.get("/proposals/", query_string={"q": "urgence\x00"})
    assert response.status_code == 400
    assert "invisible character that is not allowed" in response.get_data(as_text=True)
    assert db.session.query(Proposal).count() == 6


def test_operators_are_plain_words(corpus):
    assert found("urgence OR москва") == set()  # "or" is a word here, not an operator
    assert found('"urgence"') == {corpus["fr"]}
    assert found("urgence*") == {corpus["fr"]}


def test_list_filters_sort_and_shows_counts(client, make_user):
    author = make_user(Role.MEMBER)
    people = [make_user(Role.MEMBER) for _ in range(3)]
    housing, health = a_theme("Logement", en="Housing"), a_theme("Santé", en="Health")
    service = services.create_service("Santé publique", "s@ville.example")
    db.session.commit()
    old = a_submitted(author, people[:2], title="Ancienne", theme=housing)
    new = a_submitted(author, people[:2], title="Nouvelle", theme=health, language="ar",
                      services=[service])  # fmt: skip
    support.cosign_proposal(old, people[2])
    db.session.commit()

    def titles(**params):
        page = client.get("/proposals/", query_string=params).get_data(as_text=True)
        return re.findall(r'<h3><a href="/proposals/\d+"[^>]*>([^<]+)</a>', page)

    assert titles() == ["Nouvelle", "Ancienne"]
    assert titles(sort="supported") == ["Ancienne", "Nouvelle"]
    assert titles(theme=str(housing.id)) == ["Ancienne"]
    assert titles(service=str(service.id)) == ["Nouvelle"]
    assert titles(language="ar") == ["Nouvelle"]
    assert titles(state="submitted") == ["Nouvelle", "Ancienne"]
    operations.schedule_proposal(old, make_user(Role.SECRETARY))
    db.session.commit()
    assert titles(state="scheduled") == ["Ancienne"]
    assert titles(sort="active") == ["Ancienne", "Nouvelle"]
    page = client.get("/proposals/?lang=en").get_data(as_text=True)
    assert "3 co-signatures" in page and "Housing" in page
    assert f'<a href="/proposals/{new.id}" lang="ar" dir="rtl">Nouvelle</a>' in page


def test_forged_filters_show_a_message_not_an_error(client, corpus):
    forged = [{"theme": "abc"}, {"state": "draft"}, {"language": "xx"}, {"sort": "evil"},
              {"service": "99999"}, {"page": "-3"}, {"page": "zzz"}, {"page": "9999"}]  # fmt: skip
    for params in forged:
        response = client.get("/proposals/", query_string=params)
        assert response.status_code == 200, params
        assert "Brouillon secret" not in response.get_data(as_text=True)
    page = client.get("/proposals/", query_string={"state": "draft"}).get_data(as_text=True)
    assert "Choose an option from the list." in page


def test_pagination_has_twenty_per_page_and_an_accessible_nav(client, make_user, app):
    author = make_user(Role.MEMBER)
    app.config["PROPOSAL_COSIGNATURES_REQUIRED"] = 0
    try:
        for number in range(23):
            proposal = a_draft(author, title=f"Proposition {number:02d}")
            operations.submit_proposal(proposal, author)
        db.session.commit()
    finally:
        app.config["PROPOSAL_COSIGNATURES_REQUIRED"] = 2
    first = client.get("/proposals/").get_data(as_text=True)
    assert first.count('class="card proposal-card"') == 20
    assert "23 proposals found" in first
    assert '<nav class="pagination" aria-label="Pages of results">' in first
    assert '<li aria-current="page">Page 1 of 2</li>' in first and 'rel="prev"' not in first
    # The next page starts after the last proposal shown (keyset): as cheap as the first.
    next_link = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', first).group(1)
    assert "before=" in next_link and "page=2" in next_link
    second = client.get(next_link.replace("&amp;", "&")).get_data(as_text=True)
    assert second.count('class="card proposal-card"') == 3
    assert "Page 2 of 2" in second and 'rel="next"' not in second
    assert "Proposition 00" in second and "Proposition 03" not in second
    back = re.search(r'<a href="([^"]+)" rel="prev">Previous page</a>', second).group(1)
    assert back == "/proposals/"
    by_support = client.get("/proposals/?page=2&sort=supported").get_data(as_text=True)
    assert by_support.count('class="card proposal-card"') == 3 and 'rel="prev"' in by_support
