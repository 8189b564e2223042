"""Search finds the other forms of a word (plural, case endings, suffixes) in every language,
ranks title matches first, and gives the same results on SQLite and PostgreSQL (the suite runs
on both); `flask search reindex` rebuilds the index of what was written before."""

import pytest
from sqlalchemy import update

from council.extensions import db
from council.proposals.models import Proposal
from council.proposals.queries import Filters, public_list_query
from council.roles import Role
from council.stemming import stem_tokens
from tests.proposal_factories import a_submitted

TEXTS = {
    "logement": ("Un logement pour chaque famille", "Nous demandons un logement digne.", "fr"),
    "traducteur": ("Un traducteur à la mairie", "Un traducteur aide au guichet.", "fr"),
    "children": ("Playground for the child", "A safe playground near the school.", "en"),
    "ev": ("Boş ev", "Belediyenin boş evi gençlere verilsin.", "tr"),
    "жильё": ("Временное жильё", "Мы просим город открыть общежитие для семьи.", "ru"),
    "uk": ("Курси мови", "Безкоштовні курси для біженців у бібліотеці.", "uk"),
    "ar": ("مسكن مؤقت", "نطلب مسكنا مؤقتا للعائلات.", "ar"),
    "fa": ("کتابخانه", "ما یک کتابخانه برای زنان می‌خواهیم.", "fa_AF"),
    "ps": ("ښوونځی", "موږ د ماشومانو لپاره ښوونځي غواړو.", "ps"),
}


@pytest.fixture
def texts(make_user):
    author = make_user(Role.MEMBER)
    helpers = [make_user(Role.MEMBER), make_user(Role.MEMBER)]
    return {
        key: a_submitted(author, helpers, title=title, body=body, language=language).id
        for key, (title, body, language) in TEXTS.items()
    }


def found(query: str) -> list[int]:
    rows = db.session.execute(public_list_query(Filters(query=query))).all()
    return [proposal.id for proposal, _ in rows]


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("logements", "logement"),
        ("traducteurs", "traducteur"),
        ("TRADUCTEURS", "traducteur"),
        ("children", None),  # English "children" is not "child": no stem joins them
        ("playgrounds", "children"),
        ("evler", "ev"),
        ("evlerde", "ev"),
        ("жилья", "жильё"),
        ("семьям", "жильё"),
        ("біженці", "uk"),
        ("курсів", "uk"),
        ("المسكن", "ar"),
        ("کتابخانه‌ها", "fa"),
        ("ښوونځیو", "ps"),
    ],
)
def test_a_word_finds_the_texts_with_another_form_of_it(texts, query, key):
    assert found(query) == ([texts[key]] if key else [])


def test_stems_of_one_language_do_not_meet_another_languages_words(texts, make_user):
    # The Turkish stem of "evler" is "ev": a French text about "EV" charging points (the word
    # "ev" itself) is not found by it, the Turkish text about houses is.
    author = make_user(Role.MEMBER)
    helpers = [make_user(Role.MEMBER), make_user(Role.MEMBER)]
    a_submitted(author, helpers, title="Bornes EV", body="Recharge des EV.", language="fr")
    assert "ev0tr" in stem_tokens("evler") and "ev0fr" not in stem_tokens("evler")
    assert found("evler") == [texts["ev"]]


def test_title_matches_come_first(make_user):
    author = make_user(Role.MEMBER)
    helpers = [make_user(Role.MEMBER), make_user(Role.MEMBER)]
    in_body = a_submitted(author, helpers, title="Des bancs au parc",
                          body="Et aussi des logements autour.")  # fmt: skip
    in_title = a_submitted(author, helpers, title="Logements vides", body="Les ouvrir.")
    newer = a_submitted(author, helpers, title="Un marché", body="Près des logements.")
    assert found("logement") == [in_title.id, newer.id, in_body.id]


def test_the_list_page_finds_word_forms(client, texts):
    page = client.get("/proposals/?q=logements").get_data(as_text=True)
    assert "Un logement pour chaque famille" in page and "Un traducteur" not in page


def test_reindex_command_rebuilds_an_old_index(app, texts):
    # An index written before stems existed: the plain folded words only.
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == texts["logement"])
        .values(search_text="un logement pour chaque famille", search_title="")
    )
    db.session.commit()
    assert found("logements") == []
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "reindexed 9 proposals" in result.output
    db.session.expire_all()
    assert found("logements") == [texts["logement"]]
