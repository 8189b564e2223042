"""Demo proposals: themes with their translations and eight proposals in several languages and
states, with co-signatures and a revision. Idempotent (found again by title). The meetings'
demo then schedules two of them and adopts one by a vote, as the council would."""

from sqlalchemy import select

from council.accounts.operations import find_user_by_email
from council.extensions import db
from council.proposals import operations, support
from council.proposals.models import Proposal, Theme
from council.proposals.themes import create_theme
from council.services.models import Service

THEMES = {
    "Logement": {"en": "Housing", "ar": "السكن", "fa_AF": "مسکن", "ps": "استوګنه",
                 "tr": "Konut", "uk": "Житло", "ru": "Жильё"},
    "Santé": {"en": "Health", "ar": "الصحة", "fa_AF": "صحت", "ps": "روغتیا",
              "tr": "Sağlık", "uk": "Здоров'я", "ru": "Здоровье"},
    "Éducation et langues": {"en": "Education and languages", "ar": "التعليم واللغات",
                             "fa_AF": "آموزش و زبان‌ها", "ps": "ښوونه او ژبې",
                             "tr": "Eğitim ve diller", "uk": "Освіта і мови",
                             "ru": "Образование и языки"},
    "Droits": {"en": "Rights", "ar": "الحقوق", "fa_AF": "حقوق", "ps": "حقونه",
               "tr": "Haklar", "uk": "Права", "ru": "Права"},
    "Culture": {"en": "Culture", "ar": "الثقافة", "fa_AF": "فرهنگ", "ps": "کلتور",
                "tr": "Kültür", "uk": "Культура", "ru": "Культура"},
}  # fmt: skip

HOUSING_BODY = """Beaucoup de familles étrangères attendent plus de deux ans un logement social.
Pendant ce temps, elles vivent chez des proches ou dans des hôtels loin de l'école des enfants.

Nous demandons à la ville :

- de publier chaque année le délai moyen d'attente, quartier par quartier ;
- d'accompagner les demandes avec un traducteur quand la personne le souhaite ;
- de ne pas exiger de justificatifs que la loi ne demande pas."""

PROPOSALS = [
    {
        # Adopted by the named poll of the past demo meeting (meetings/demo.py).
        "author": "karim", "theme": "Logement", "language": "fr", "state": "submitted",
        "title": "Rendre visible l'attente pour un logement social",
        "body": HOUSING_BODY,
        "summary": "Attendre un logement social est long. Nous voulons savoir combien de temps, "
                   "et être aidés pour remplir le dossier.",
        "cosigners": ["fatou", "mamadou", "rosa"],
        "revision": HOUSING_BODY.replace("- d'accompagner", "- d'ouvrir une permanence "
                                         "logement le samedi matin ;\n- d'accompagner"),
        "services": ["Direction de l'habitat"],
    },
    {
        "author": "amina", "theme": "Santé", "language": "ar", "state": "submitted",
        "title": "مترجمون في مراكز الصحة البلدية",
        "body": "كثير من المرضى لا يفهمون ما يقوله الطبيب، فيأتون مع أطفالهم ليترجموا لهم.\n\n"
                "نقترح أن توفر المدينة خدمة ترجمة هاتفية مجانية في كل مركز صحي بلدي، "
                "وأن تُكتب المواعيد والوصفات بلغة يفهمها المريض.",
        "summary": "نريد مترجمًا عند الطبيب، حتى لا يترجم الأطفال لأهلهم.",
        "cosigners": ["youssef", "nadia", "mariam"],
        "services": ["Santé publique"],
    },
    {
        "author": "farid", "theme": "Éducation et langues", "language": "fa_AF",
        "state": "support",
        "title": "صنف‌های زبان فرانسوی برای مادران",
        "body": "بسیاری از مادران نمی‌توانند در صنف‌های شبانه شرکت کنند، چون کسی از کودکان "
                "آن‌ها نگهداری نمی‌کند.\n\nما پیشنهاد می‌کنیم که شهرداری صنف‌های زبان فرانسوی را "
                "در ساعات مکتب و با مراقبت از کودکان خردسال برگزار کند.",
        "cosigners": ["ahmad"],
        "services": ["Éducation et jeunesse"],
    },
    {
        # Put on the upcoming demo meeting's agenda (and so scheduled) by meetings/demo.py.
        "author": "elif", "theme": "Droits", "language": "tr", "state": "submitted",
        "title": "Belediye yazışmalarının sade dille yazılması",
        "body": "Belediyeden gelen mektuplar çok karmaşık. Birçok kişi bir hakkı kaçırıyor "
                "çünkü mektubu anlamıyor.\n\nBelediyenin bütün mektuplarının başına, sade "
                "Fransızcayla yazılmış üç satırlık bir özet eklenmesini öneriyoruz.",
        "summary": "Belediyenin mektupları kolay anlaşılır olsun.",
        "cosigners": ["mehmet", "olena", "dmitri"],
    },
    {
        "author": "fatou", "theme": "Droits", "language": "fr", "state": "submitted",
        "title": "Une permanence d'accès aux droits dans chaque quartier",
        "body": "Les démarches en ligne laissent de côté les personnes qui n'ont pas "
                "d'ordinateur ou qui lisent mal le français.\n\nNous proposons une permanence "
                "hebdomadaire, dans chaque maison des habitants, avec un agent formé et des "
                "bénévoles qui parlent plusieurs langues.",
        "cosigners": ["aliou", "sofia", "lin"],
    },
    {
        "author": "nadia", "theme": "Logement", "language": "ar", "state": "rejected",
        "title": "مساكن مؤقتة في المباني البلدية الفارغة",
        "body": "توجد مبانٍ بلدية فارغة منذ سنوات، وفي الوقت نفسه تنام عائلات في الشارع.\n\n"
                "نقترح فتح هذه المباني في الشتاء كمساكن مؤقتة تديرها جمعيات.",
        "cosigners": ["youssef", "amina"],
        "services": ["Direction de l'habitat"],
    },
    {
        "author": "rosa", "theme": "Culture", "language": "fr", "state": "withdrawn",
        "title": "Une fête des cultures du monde au printemps",
        "body": "Une journée où chaque communauté présente sa musique, sa cuisine et ses "
                "langues, dans le parc central.",
        "cosigners": ["karim", "tenzin"],
        "reason": "La ville organise déjà une fête semblable en juin : nous y participerons.",
    },
    {
        "author": "ahmad", "theme": "Santé", "language": "fa_AF", "state": "draft",
        "title": "معلومات صحی به زبان دری",
        "body": "بروشورهای واکسین و معاینات رایگان باید به زبان دری هم چاپ شوند.",
        "cosigners": [],
    },
]  # fmt: skip


def _member(login: str):
    return find_user_by_email(f"{login}@council.example")


def _theme(name: str) -> Theme:
    theme = db.session.scalar(select(Theme).where(Theme.name == name))
    return theme or create_theme(name, THEMES[name])


def _services(names):
    return db.session.scalars(select(Service).where(Service.name.in_(names))).all()


def _load_proposal(spec, secretary) -> None:
    if db.session.scalar(select(Proposal.id).where(Proposal.title == spec["title"])):
        return
    author = _member(spec["author"])
    proposal = operations.create_proposal(
        author, spec["title"], spec["body"], _theme(spec["theme"]), spec["language"],
        spec.get("summary"), _services(spec.get("services", [])),
    )  # fmt: skip
    if spec["state"] == "draft":
        return
    operations.open_for_support(proposal, author)
    for login in spec["cosigners"]:
        support.cosign_proposal(proposal, _member(login))
    if spec["state"] == "support":
        return
    if spec["state"] == "withdrawn":
        operations.withdraw_proposal(proposal, author, spec["reason"])
        return
    operations.submit_proposal(proposal, author)
    if "revision" in spec:
        operations.update_proposal(
            proposal, author, title=proposal.title, body=spec["revision"],
            summary=proposal.summary, theme=proposal.theme, language=proposal.language,
            services=proposal.services, seen_version=proposal.version,
        )  # fmt: skip
    if spec["state"] in {"scheduled", "adopted", "rejected"}:
        operations.schedule_proposal(proposal, secretary)
    if spec["state"] == "adopted":
        operations.adopt_proposal(proposal, secretary)
    if spec["state"] == "rejected":
        operations.reject_proposal(proposal, secretary)


def load_demo() -> None:
    for name in THEMES:
        _theme(name)
    secretary = find_user_by_email("secretaire@council.example")
    for spec in PROPOSALS:
        _load_proposal(spec, secretary)
    db.session.flush()
