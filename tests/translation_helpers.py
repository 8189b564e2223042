"""Builders for the multilingual-content tests: texts in several languages and translations
made through the real operations."""

from council.extensions import db
from council.roles import Role
from council.translations_content import operations
from council.translations_content.registry import translatable_kind
from tests.proposal_factories import a_submitted

ARABIC_TITLE = "مترجمون في مراكز الصحة"
ARABIC_BODY = "نقترح خدمة **ترجمة** في كل مركز صحي."
ARABIC_SUMMARY = "نريد مترجمًا عند الطبيب."


def an_arabic_proposal(make_user, **kwargs):
    author = make_user(Role.MEMBER, email="amina@example.org", name="Amina", locale="ar")
    helpers = [make_user(Role.MEMBER), make_user(Role.MEMBER)]
    proposal = a_submitted(
        author, helpers, title=ARABIC_TITLE, body=ARABIC_BODY, summary=ARABIC_SUMMARY,
        language="ar", **kwargs,
    )  # fmt: skip
    return author, proposal


def translate(kind, obj, by, locale, **texts):
    rows = operations.save_translations(translatable_kind(kind), obj, by, locale, texts)
    db.session.commit()
    return rows


def review(kind, obj, by, locale):
    count = operations.review_translations(translatable_kind(kind), obj, by, locale)
    db.session.commit()
    return count


def html(response) -> str:
    return response.get_data(as_text=True)
