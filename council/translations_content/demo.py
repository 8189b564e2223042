"""Demo translations: texts first written in French, Arabic, Dari and Turkish, partly translated
by members who declared their languages, some reviewed by a second member, one made before the
original was edited (so shown as "may be outdated"). Idempotent."""

from sqlalchemy import select

from council.accounts.operations import find_user_by_email
from council.comments.models import Comment
from council.demo_calendar import at
from council.extensions import db
from council.proposals.demo import HOUSING_BODY
from council.proposals.models import Proposal
from council.referrals.demo import QUESTION
from council.referrals.models import Referral
from council.translations_content import operations
from council.translations_content.queries import source_hash, translations_of
from council.translations_content.registry import register_domains, translatable_kind

# login → languages they can translate into (besides reading their own)
TRANSLATORS = {
    "karim": ["fr", "ar"], "amina": ["ar", "fr"], "youssef": ["ar", "fr"],
    "farid": ["fa_AF", "fr"], "ahmad": ["fa_AF", "ps"], "elif": ["tr", "fr"],
    "mehmet": ["tr", "en"], "lin": ["en"], "sofia": ["en", "fr"], "olena": ["uk", "ru"],
}  # fmt: skip

# (kind, how to find it, locale, translator, reviewer or None, {field: text})
TRANSLATIONS = [
    ("proposal", "مترجمون في مراكز الصحة البلدية", "fr", "youssef", "karim", {
        "title": "Des interprètes dans les centres de santé municipaux",
        "easy_read": "Nous voulons un interprète chez le médecin, pour que les enfants n'aient "
                     "pas à traduire pour leurs parents.",
        "body": "Beaucoup de patients ne comprennent pas ce que dit le médecin : ils viennent "
                "avec leurs enfants pour qu'ils traduisent.\n\nNous proposons que la ville offre "
                "un service gratuit d'interprétariat par téléphone dans chaque centre de santé "
                "municipal, et que les rendez-vous et ordonnances soient écrits dans une langue "
                "que le patient comprend.",
    }),
    ("proposal", "مترجمون في مراكز الصحة البلدية", "en", "lin", None, {
        "title": "Interpreters in the municipal health centres",
    }),
    ("proposal", "Rendre visible l'attente pour un logement social", "ar", "amina", "youssef", {
        "title": "إظهار مدة انتظار السكن الاجتماعي",
        "easy_read": "انتظار السكن الاجتماعي طويل. نريد أن نعرف كم من الوقت، وأن نحصل على "
                     "مساعدة في ملء الملف.",
    }),
    ("proposal", "Belediye yazışmalarının sade dille yazılması", "fr", "elif", "karim", {
        "title": "Des courriers de la mairie écrits en langage simple",
        "easy_read": "Les lettres de la mairie doivent être faciles à comprendre.",
        "body": "Les lettres de la mairie sont très compliquées. Beaucoup de personnes perdent "
                "un droit parce qu'elles ne comprennent pas la lettre.\n\nNous proposons "
                "d'ajouter en tête de chaque lettre un résumé de trois lignes en français simple.",
    }),
    ("proposal", "Belediye yazışmalarının sade dille yazılması", "en", "mehmet", None, {
        "title": "Plain-language letters from the city",
    }),
    ("proposal", "صنف‌های زبان فرانسوی برای مادران", "fr", "farid", None, {
        "title": "Des cours de français pour les mères",
    }),
    ("referral", QUESTION, "ar", "amina", None, {
        "question": "كيف يمكن إعلام الوافدين الجدد بشكل أفضل بطرق الحصول على السكن الاجتماعي؟",
    }),
    ("comment", "الكثير من العائلات لا تعرف", "fr", "youssef", "karim", {
        "body": "Beaucoup de familles ne savent pas que la demande peut se faire en ligne. "
                "Il faut l'expliquer clairement.",
    }),
]  # fmt: skip

# Translated from the first version of the housing proposal, before its authors added the
# Saturday-morning office: readers see it as "may be outdated".
STALE = ("proposal", "Rendre visible l'attente pour un logement social", "en", "sofia", {
    "body": "Many foreign families wait more than two years for social housing.",
}, HOUSING_BODY)  # fmt: skip


def _member(login: str):
    return find_user_by_email(f"{login}@council.example")


def _find(kind: str, key: str):
    if kind == "proposal":
        return db.session.scalar(select(Proposal).where(Proposal.title == key))
    if kind == "referral":
        return db.session.scalar(select(Referral).where(Referral.question == key))
    return db.session.scalar(select(Comment).where(Comment.body.startswith(key)))


def _translate(kind, key, locale, translator, texts):
    spec, obj = translatable_kind(kind), _find(kind, key)
    if obj is None or _member(translator) is None:
        return None, None
    existing = translations_of(kind, obj.id)
    missing = {name: text for name, text in texts.items() if (name, locale) not in existing}
    if missing:
        operations.save_translations(spec, obj, _member(translator), locale, missing)
    return spec, obj


def load_demo() -> None:
    if translatable_kind("proposal") is None:  # outside a web app (plain CLI context)
        register_domains()
    # Members translate in the last days, after everything they translate was written.
    with at(-2, 18, 0):
        _load()


def _load() -> None:
    for login, languages in TRANSLATORS.items():
        member = _member(login)
        if member is not None and operations.settings_of(member) is None:
            operations.save_reader_settings(member, languages, easy_read=login == "ahmad")
    for kind, key, locale, translator, reviewer, texts in TRANSLATIONS:
        spec, obj = _translate(kind, key, locale, translator, texts)
        found = translations_of(kind, obj.id).items() if obj else []
        rows = [row for (_field, code), row in found if code == locale]
        if reviewer and rows and not all(row.is_reviewed for row in rows):
            operations.review_translations(spec, obj, _member(reviewer), locale)
    kind, key, locale, translator, texts, older_original = STALE
    _spec, obj = _translate(kind, key, locale, translator, texts)
    if obj is not None:
        for name in texts:
            translations_of(kind, obj.id)[(name, locale)].source_hash = source_hash(older_original)
    db.session.flush()
