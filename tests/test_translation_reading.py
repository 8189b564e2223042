"""Around translations: the queue (language pairs, most-read first), readers' settings and
easy-read, search through translations, read counts, referrals and comments, mixed-direction
text, what the API will expose, and the demo data."""

import re

from flask_babel import force_locale, gettext
from sqlalchemy import select

from council.comments.subjects import subject_type
from council.extensions import db
from council.proposals.models import Proposal
from council.proposals.queries import Filters, public_list_query
from council.roles import Role
from council.translations_content.models import ContentTranslation, ReadCount, ReaderSettings
from council.translations_content.queries import translations_for
from tests.proposal_factories import a_submitted, reload
from tests.referral_helpers import housing_service, official_of, open_referral
from tests.translation_helpers import (
    ARABIC_SUMMARY,
    ARABIC_TITLE,
    an_arabic_proposal,
    html,
    review,
    translate,
)


def in_french(message: str) -> str:
    """The interface string as a reader whose language cookie says French sees it."""
    with force_locale("fr"):
        return gettext(message)


def found(query: str) -> set[int]:
    return {p.id for p, _ in db.session.execute(public_list_query(Filters(query=query))).all()}


def test_search_finds_a_french_proposal_by_an_arabic_word_of_its_translation(make_user):
    author = make_user(Role.MEMBER)
    helpers = [make_user(Role.MEMBER), make_user(Role.MEMBER)]
    french = a_submitted(author, helpers, title="Des bancs publics", body="Plus de bancs.")
    assert found("مقاعد") == set()
    translate("proposal", french, make_user(Role.MEMBER, locale="ar"), "ar",
              title="مقاعد عامة", body="مزيد من المقاعد في الحدائق.")  # fmt: skip
    assert found("مقاعد") == {french.id}
    assert found("الحدائق bancs") == {french.id}  # words from the original and a translation
    # An edit of the original keeps its translations searchable.
    from council.proposals import operations

    operations.update_proposal(
        french, author, title="Des bancs publics", body="Plus de bancs, aussi à l'ombre.",
        summary=None, theme=french.theme, language="fr", services=[], seen_version=french.version,
    )  # fmt: skip
    db.session.commit()
    assert found("مقاعد") == {french.id} and found("ombre") == {french.id}


def read_from(make_client, path: str, address: str) -> None:
    """A visitor of their own: a reader counts once a day per text (read_tally)."""
    make_client().get(path, environ_base={"REMOTE_ADDR": address})


def test_settings_declare_languages_and_the_queue_lists_pairs_most_read_first(
    client, make_user, make_client
):
    _author, arabic = an_arabic_proposal(make_user)
    helpers = [make_user(Role.MEMBER), make_user(Role.MEMBER)]
    turkish = a_submitted(make_user(Role.MEMBER), helpers, title="Sade dil", body="Mektuplar.",
                          language="tr")  # fmt: skip
    # Reads the interface in English; translates into French and English.
    translator = make_user(Role.MEMBER, email="karim@example.org", name="Karim", locale="en")
    client.login(translator.email)
    queue = html(client.get("/translate/"))
    assert "You have not said which languages you can translate into" in queue
    account = html(client.get("/account"))
    assert 'name="translate_into"' in account and 'name="easy_read"' in account
    response = client.submit("/translate/settings", {"translate_into": ["fr", "en"]},
                             form_page="/account")  # fmt: skip
    assert response.status_code == 303
    assert db.session.get(ReaderSettings, translator.id).languages == ["fr", "en"]
    # The Turkish proposal is read by more people: it comes first in its pair.
    for n in range(3):
        read_from(make_client, f"/proposals/{turkish.id}", f"192.0.2.{n + 1}")
    read_from(make_client, f"/proposals/{arabic.id}", "192.0.2.9")
    reads = {r.subject_id: r.reads for r in db.session.scalars(select(ReadCount))}
    assert reads == {turkish.id: 3, arabic.id: 1}
    queue = html(client.get("/translate/"))
    headings = re.findall(r'<h2 id="pair-([a-zA-Z_]+)-([a-zA-Z_]+)">', queue)
    assert headings == [("ar", "fr"), ("tr", "fr"), ("ar", "en"), ("tr", "en")]
    # Translated texts leave the queue of that language only.
    translate("proposal", arabic, translator, "fr", title="T", easy_read="E", body="B")
    queue = html(client.get("/translate/"))
    assert ("ar", "fr") not in re.findall(r'<h2 id="pair-([a-zA-Z_]+)-([a-zA-Z_]+)">', queue)
    assert f'href="/translate/proposal/{arabic.id}/en"' in queue
    # Forged languages are refused and change nothing.
    client.submit("/translate/settings", {"translate_into": ["de"]}, form_page="/account")
    assert db.session.get(ReaderSettings, translator.id).languages == ["fr", "en"]
    assert "Choose languages from the list." in html(client.get("/account"))


def test_reads_are_counted_without_knowing_who_reads(client, make_user, make_client):
    _author, proposal = an_arabic_proposal(make_user)
    read_from(make_client, f"/proposals/{proposal.id}", "192.0.2.1")
    read_from(make_client, f"/proposals/{proposal.id}?lang=fr", "192.0.2.2")
    read_from(make_client, f"/proposals/{proposal.id}", "192.0.2.2")  # the same reader again
    row = db.session.scalar(select(ReadCount))
    assert (row.subject_kind, row.subject_id, row.reads) == ("proposal", proposal.id, 2)
    assert set(ReadCount.__table__.columns.keys()) == {"subject_kind", "subject_id", "reads"}


def test_easy_read_first_by_toggle_cookie_and_account_setting(client, make_user, make_client):
    _author, proposal = an_arabic_proposal(make_user)
    translate("proposal", proposal, make_user(Role.MEMBER), "fr", easy_read="Un interprète.")

    def order(page):
        return page.index('id="summary-heading"') < page.index('id="text-heading"'), (
            "<details" in page
        )

    page = html(client.get(f"/proposals/{proposal.id}?lang=fr"))
    assert in_french("Show the easy-read summary first") in page
    assert order(page) == (True, False)
    page = html(client.get(f"/proposals/{proposal.id}?easy=1"))
    assert order(page) == (True, True) and in_french("Show the full text first") in page
    assert (
        '<p class="user-text" lang="fr" dir="ltr" data-translated-from="ar">Un interprète.</p>'
        in page
    )
    # Remembered for the anonymous reader, on the next page too.
    assert "<details" in html(client.get(f"/proposals/{proposal.id}"))
    assert "<details" not in html(client.get(f"/proposals/{proposal.id}?easy=0"))
    assert "<details" not in html(client.get(f"/proposals/{proposal.id}"))
    # A member's account setting.
    member = make_user(Role.MEMBER, email="ahmad@example.org")
    other = make_client()
    other.login(member.email)
    other.submit("/translate/settings", {"easy_read": "y"}, form_page="/account")
    page = html(other.get(f"/proposals/{proposal.id}"))
    # An English reader: no English version, so the French one, saying so.
    assert "<details" in page and "Un interprète." in page and ARABIC_SUMMARY not in page
    assert "Shown in French, not yet translated into English." in page


def test_referrals_and_comments_are_translated_and_labelled(client, make_user):
    service = housing_service()
    official = official_of(make_user, service)
    referral = open_referral(official, service)
    author = make_user(Role.MEMBER, email="amina@example.org", name="Amina", locale="ar")
    from council.comments.operations import post_comment

    comment = post_comment(
        referral,
        author,
        subject=subject_type("referral"),
        body="أتفق مع Jean-Pierre Dupont تمامًا.",
        language="ar",
    )
    db.session.commit()
    translator = make_user(Role.MEMBER, email="karim@example.org")
    translate("referral", referral, translator, "en", question="How to inform newcomers?")
    translate("comment", comment, translator, "fr", body="Je suis d'accord avec Jean-Pierre.")
    page = html(client.get(f"/referrals/{referral.id}?lang=en"))
    assert '<h1 lang="en" dir="ltr" data-translated-from="fr">How to inform newcomers?</h1>' in page
    assert 'data-original-lang="fr"' in page and "Translated from French" in page
    # No English version of the comment: its French translation, labelled.
    assert '<div class="comment__body user-text" lang="fr" dir="ltr"' in page
    assert "Shown in French, not yet translated into English." in page
    # A Latin name inside Arabic text keeps the Arabic paragraph right-to-left.
    page = html(client.get(f"/referrals/{referral.id}?lang=ar"))
    arabic_div = '<div class="comment__body user-text" lang="ar" dir="rtl">'
    assert f"{arabic_div}<p>أتفق مع Jean-Pierre Dupont تمامًا.</p>" in page
    page = html(client.get(f"/referrals/{referral.id}?lang=fr"))
    assert (
        '<div class="comment__body user-text" lang="fr" dir="ltr" data-translated-from="ar">'
        in page
    )
    assert f'id="comment-{comment.id}-body" data-original-lang="ar"' in page
    # A hidden or deleted comment can no longer be translated.
    from council.comments.operations import delete_comment

    delete_comment(comment, author)
    db.session.commit()
    client.login(translator.email)
    assert client.get(f"/translate/comment/{comment.id}/en").status_code == 404


def test_an_arabic_title_inside_a_french_sentence_is_isolated(client, make_user):
    _author, proposal = an_arabic_proposal(make_user)
    member = make_user(Role.MEMBER, email="karim@example.org", locale="fr")
    client.login(member.email)
    page = html(client.get(f"/translate/proposal/{proposal.id}/fr?lang=fr"))
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert f"<bdi>{ARABIC_TITLE}</bdi>" in h1 and "français" in h1
    queue = html(client.get("/translate/?lang=fr"))
    assert re.search(rf'lang="ar" dir="auto">{ARABIC_TITLE}</a>', queue)


def test_translations_for_is_ready_for_the_api(make_user):
    author, proposal = an_arabic_proposal(make_user)
    translator, reviewer = make_user(Role.MEMBER), make_user(Role.MEMBER)
    translate("proposal", proposal, translator, "fr", title="Des interprètes")
    review("proposal", proposal, reviewer, "fr")
    translate("proposal", proposal, translator, "en", title="Interpreters", body="A service.")
    exposed = translations_for("proposal", proposal.id)
    assert exposed["languages"] == ["en", "fr"]
    assert exposed["original_language"] == {"title": "ar", "easy_read": "ar", "body": "ar"}
    assert exposed["translations"]["fr"]["title"]["reviewed"] is True
    assert exposed["translations"]["en"]["body"] == {
        "text": "A service.", "reviewed": False, "outdated": False,
        "updated_at": exposed["translations"]["en"]["body"]["updated_at"],
    }  # fmt: skip
    assert translations_for("proposal", 999_999) == {} and translations_for("nothing", 1) == {}
    assert reload(proposal).language == "ar"


def test_demo_has_partial_translations_in_four_original_languages(app, make_client):
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0  # idempotent
    db.session.expire_all()
    rows = db.session.scalars(select(ContentTranslation)).all()
    originals = set()
    for row in rows:
        if row.subject_kind == "proposal":
            originals.add(db.session.get(Proposal, row.subject_id).language)
    assert originals == {"fr", "ar", "fa_AF", "tr"}
    assert any(row.is_reviewed for row in rows) and any(not row.is_reviewed for row in rows)
    assert len(rows) == len({(r.subject_kind, r.subject_id, r.field, r.locale) for r in rows})
    housing = db.session.scalar(
        select(Proposal).where(Proposal.title == "Rendre visible l'attente pour un logement social")
    )
    page = make_client().get(f"/proposals/{housing.id}?lang=en").get_data(as_text=True)
    assert "translation-label__stale" in page  # translated before the authors' edit
    arabic = make_client().get(f"/proposals/{housing.id}?lang=ar").get_data(as_text=True)
    assert (
        '<h1 lang="ar" dir="rtl" data-translated-from="fr">إظهار مدة انتظار السكن الاجتماعي</h1>'
        in arabic
    )
    assert "translation-label__reviewed" in arabic


def test_the_queue_lists_translations_waiting_for_a_second_reading(client, make_user):
    author, proposal = an_arabic_proposal(make_user)
    translator = make_user(Role.MEMBER, email="t@example.org")
    reviewer = make_user(Role.MEMBER, email="r@example.org", locale="en")
    translate("proposal", proposal, translator, "fr", title="Des interprètes", body="Un service.")
    translate("proposal", proposal, translator, "tr", title="Tercümanlar")
    client.login(reviewer.email)
    client.submit("/translate/settings", {"translate_into": ["fr"]}, form_page="/account")
    queue = html(client.get("/translate/"))
    section = queue.split('id="reviews-heading"', 1)[1].split("</section>", 1)[0]
    # Only the languages the reviewer declared; the link opens the side-by-side page.
    assert f'href="/translate/proposal/{proposal.id}/fr"' in section
    assert f"/translate/proposal/{proposal.id}/tr" not in section
    assert ARABIC_TITLE in section and "French" in section
    # Reviewed: it leaves the list.
    form = f"/translate/proposal/{proposal.id}/fr"
    page = client.submit(f"{form}/review", {}, form_page=form, follow_redirects=True)
    assert page.status_code == 200
    assert 'id="reviews-heading"' not in html(client.get("/translate/"))
    # Nobody is asked to review their own translation, nor a translation of their own text.
    for person in (translator, author):
        client.logout()
        client.login(person.email)
        client.submit("/translate/settings", {"translate_into": ["tr"]}, form_page="/account")
        assert 'id="reviews-heading"' not in html(client.get("/translate/?lang=en"))


def test_each_list_of_the_queue_shows_the_ten_most_read(client, make_user, make_client):
    """A light page on a prepaid phone: ten texts per pair of languages, the most read first;
    translating one brings the next in."""
    helpers = [make_user(Role.MEMBER), make_user(Role.MEMBER)]
    author = make_user(Role.MEMBER)
    texts = [
        a_submitted(author, helpers, title=f"Metin {n}", body="Mektuplar.", language="tr")
        for n in range(12)
    ]
    read_from(make_client, f"/proposals/{texts[0].id}", "192.0.2.1")
    translator = make_user(Role.MEMBER, email="karim@example.org", name="Karim", locale="en")
    client.login(translator.email)
    client.submit("/translate/settings", {"translate_into": ["fr"]}, form_page="/account")
    queue = html(client.get("/translate/"))
    listed = re.findall(r'href="/translate/proposal/(\d+)/fr"', queue)
    assert len(listed) == 10 and listed[0] == str(texts[0].id)
    translate("proposal", texts[0], translator, "fr", title="Texte", body="Lettres.")
    listed = re.findall(r'href="/translate/proposal/(\d+)/fr"', html(client.get("/translate/")))
    assert len(listed) == 10 and str(texts[0].id) not in listed
