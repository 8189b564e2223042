"""`flask demo-data`: a lifelike council to try the platform with. Idempotent."""

import importlib

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from council.accounts import operations as accounts
from council.accounts.two_factor import enrol_with_secret
from council.demo_calendar import at
from council.extensions import db
from council.roles import Role
from council.services import operations as services_ops
from council.services.models import Service

DEMO_PASSWORD = "conseil-demo-2026"  # noqa: S105 — documented in the README, demo only
# The privileged demo accounts' authenticator secret (README): any app, or
# python -c "import pyotp; print(pyotp.TOTP('JBSWY3DPEHPK3PXP').now())"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 — documented in the README, demo only

SERVICES = [
    {
        "name": "Direction de l'habitat",
        "contact_email": "habitat@ville.example",
        "description": "Logement social, hébergement d'urgence, aides au logement.",
        "translations": {
            "en": "Housing department",
            "ar": "مديرية السكن",
            "fa_AF": "ریاست مسکن",
            "ps": "د استوګنې ریاست",
            "tr": "Konut Müdürlüğü",
            "uk": "Управління житлового господарства",
            "ru": "Управление жилищного хозяйства",
        },
    },
    {
        "name": "Santé publique",
        "contact_email": "sante@ville.example",
        "description": "Centres de santé municipaux, prévention, accès aux soins.",
        "translations": {
            "en": "Public health",
            "ar": "الصحة العامة",
            "fa_AF": "صحت عامه",
            "ps": "عامه روغتیا",
            "tr": "Halk Sağlığı",
            "uk": "Громадське здоров'я",
            "ru": "Общественное здравоохранение",
        },
    },
    {
        "name": "Éducation et jeunesse",
        "contact_email": "education@ville.example",
        "description": "Écoles, cantines, activités périscolaires, cours de français.",
        "translations": {
            "en": "Education and youth",
            "ar": "التعليم والشباب",
            "fa_AF": "معارف و جوانان",
            "ps": "ښوونه او ځوانان",
            "tr": "Eğitim ve Gençlik",
            "uk": "Освіта і молодь",
            "ru": "Образование и молодёжь",
        },
    },
]

# Display names chosen by the members themselves (some are pseudonyms).
MEMBERS = [
    ("amina", "Amina B.", "ar"),
    ("karim", "Karim", "fr"),
    ("farid", "Farid Ahmadi", "fa_AF"),
    ("gul", "Gul Makai", "ps"),
    ("elif", "Elif Yılmaz", "tr"),
    ("olena", "Olena K.", "uk"),
    ("dmitri", "Dmitri", "ru"),
    ("fatou", "Fatou Diallo", "fr"),
    ("mamadou", "Mamadou S.", "fr"),
    ("lin", "Lin Wei", "en"),
    ("rosa", "Rosa Mendes", "fr"),
    ("youssef", "Youssef", "ar"),
    ("nadia", "Nadia H.", "ar"),
    ("ahmad", "Ahmad Shah", "fa_AF"),
    ("mehmet", "Mehmet Demir", "tr"),
    ("iryna", "Iryna", "uk"),
    ("aliou", "Aliou Ba", "fr"),
    ("sofia", "Sofia P.", "en"),
    ("tenzin", "Tenzin", "en"),
    ("mariam", "Mariam", "ar"),
]

STAFF = [
    ("admin@council.example", "Admin (plateforme)", {Role.ADMIN}, "fr", None),
    (
        "secretaire@council.example",
        "Claire (secrétariat)",
        {Role.SECRETARY, Role.MEMBER},
        "fr",
        None,
    ),
    ("bureau@council.example", "Samir (bureau)", {Role.SECRETARY, Role.MEMBER}, "ar", None),
    ("habitat@council.example", "Agent habitat", {Role.OFFICIAL}, "fr", "Direction de l'habitat"),
    ("sante@council.example", "Agente santé", {Role.OFFICIAL}, "fr", "Santé publique"),
    (
        "education@council.example",
        "Agent éducation",
        {Role.OFFICIAL},
        "fr",
        "Éducation et jeunesse",
    ),
]


# Each domain adds its idempotent demo loader here ("module:function"), in dependency order.
DOMAIN_LOADERS: list[str] = [
    "council.proposals.demo:load_demo",
    "council.referrals.demo:load_demo",
    "council.meetings.demo:load_demo",
    "council.recommendations.demo:load_demo",
    "council.minutes.demo:load_demo",
    "council.translations_content.demo:load_demo",
]


def _run_domain_loaders() -> None:
    for path in DOMAIN_LOADERS:
        module_name, _, function_name = path.partition(":")
        getattr(importlib.import_module(module_name), function_name)()
        db.session.flush()


def _service(name: str) -> Service | None:
    return db.session.scalar(select(Service).where(Service.name == name))


def _ensure_services() -> None:
    for spec in SERVICES:
        if _service(spec["name"]) is None:
            services_ops.create_service(**spec)


def _ensure_user(email, name, roles, locale, service_name=None) -> bool:
    if accounts.find_user_by_email(email):
        return False
    services = [_service(service_name)] if service_name else []
    accounts.create_user(email, name, DEMO_PASSWORD, roles, locale, services)
    return True


def _ensure_second_factor(email) -> None:
    user = accounts.find_user_by_email(email)
    if not user.has_two_factor:
        enrol_with_secret(user, DEMO_TOTP_SECRET)


@click.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has accounts.")
@with_appcontext
def demo_data(if_empty):
    """Load a demo council and a year of its life, dated from today: 20 members, a bureau, 3
    services and their officials, proposals, meetings, minutes, recommendations, answers."""
    if if_empty and accounts.count_users() > 0:
        click.echo("database not empty: demo data not loaded")
        return
    created = 0
    with at(-400):  # the council was elected more than a year ago
        _ensure_services()
        for email, name, roles, locale, service_name in STAFF:
            created += _ensure_user(email, name, roles, locale, service_name)
            _ensure_second_factor(email)
        for login, name, locale in MEMBERS:
            created += _ensure_user(f"{login}@council.example", name, {Role.MEMBER}, locale)
    _run_domain_loaders()
    db.session.commit()
    click.echo(
        f"demo data ready ({created} accounts created); password: {DEMO_PASSWORD}; "
        f"authenticator secret of the staff accounts: {DEMO_TOTP_SECRET}"
    )
