"""A deleted comment takes what was derived from it along: its translations in every language
(issue 11, point 9), so the words its author withdrew are not shown in another language."""

from sqlalchemy import func, select

from council.extensions import db
from council.roles import Role
from council.translations_content.models import ContentTranslation
from tests.referral_helpers import comment_on, housing_service, official_of, open_referral
from tests.translation_helpers import translate


def translations(kind, subject_id) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(ContentTranslation)
        .where(ContentTranslation.subject_kind == kind, ContentTranslation.subject_id == subject_id)
    )


def test_deleting_a_comment_deletes_its_translations(client, make_user):
    service = housing_service()
    referral = open_referral(official_of(make_user, service), service)
    author = make_user(Role.MEMBER, email="amina@example.org", name="Amina")
    translator = make_user(Role.MEMBER)
    kept = comment_on(referral, author, "Un texte qui reste")
    gone = comment_on(referral, author, "Texte à retirer")
    translate("comment", gone, translator, "ar", body="نص سيُحذف")
    translate("comment", gone, translator, "en", body="Text to withdraw")
    translate("comment", kept, translator, "ar", body="نص باقٍ")
    client.login("amina@example.org")
    assert client.submit(f"/comments/{gone.id}/delete", {}).status_code == 302
    assert translations("comment", gone.id) == 0
    assert translations("comment", kept.id) == 1  # only the deleted text's
    for lang, withdrawn in (("ar", "نص سيُحذف"), ("en", "Text to withdraw")):
        page = client.get(f"/referrals/{referral.id}?lang={lang}").get_data(as_text=True)
        assert withdrawn not in page
    assert "نص باقٍ" in client.get(f"/referrals/{referral.id}?lang=ar").get_data(as_text=True)
