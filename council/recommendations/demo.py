"""Demo: what the services did with the council's recommendations. Every proposal adopted at a
demo meeting became a recommendation when its vote closed (proposal_bridge); the secretariat
transmits each one a few days after its meeting, and the three services answer it weeks later
(accepted, partially accepted, under study, rejected), then report on their commitments. One
recommendation, sent to two services, is never answered: it is overdue. Idempotent: a
recommendation already transmitted is left alone."""

from datetime import timedelta

from sqlalchemy import select

from council.accounts.operations import find_user_by_email
from council.dates import council_date
from council.demo_calendar import at_moment
from council.extensions import db
from council.proposals.models import Proposal
from council.recommendations import operations
from council.recommendations.models import Recommendation
from council.services.models import Service

HOUSING = "Rendre visible l'attente pour un logement social"
RIGHTS = "Une permanence d'accès aux droits dans chaque quartier"
HABITAT, SANTE, EDUCATION = "Direction de l'habitat", "Santé publique", "Éducation et jeunesse"
OFFICIALS = {
    HABITAT: "habitat@council.example",
    SANTE: "sante@council.example",
    EDUCATION: "education@council.example",
}

# Proposal title → the services it is sent to, and each service's answer: days after the
# transmission, status, justification, commitments (text, days from the answer to the target),
# follow-ups (commitment index, days after the answer, status, note, percent).
STORY = {
    "مترجمون في مراكز الصحة البلدية": {
        SANTE: (
            34, "accepted", "",
            [("Un service d'interprétariat par téléphone dans les quatre centres de santé "
              "municipaux.", 80)],
            [(0, 30, "in_progress", "Marché signé ; deux centres sur quatre équipés.", 50),
             (0, 75, "done", "Les quatre centres proposent l'interprétariat par téléphone.",
              100)],
        ),
    },
    "Des repas que tous les enfants peuvent manger à la cantine": {
        EDUCATION: (
            40, "partially_accepted",
            "Le plat complet sans viande chaque jour est accepté. Les menus en images demandent "
            "un travail avec chaque école : nous commençons par dix écoles.",
            [("Un plat complet sans viande chaque jour dans toutes les écoles.", 50),
             ("Des menus en images à l'entrée de dix cantines.", 160)],
            [(0, 45, "done", "Servi dans les 38 écoles depuis la rentrée.", 100),
             (1, 60, "in_progress", "Quatre cantines affichent les menus en images.", 40)],
        ),
    },
    "مساكن تناسب العائلات الكبيرة": {
        HABITAT: (
            45, "under_study",
            "Nous recensons les grands logements du parc social avec les bailleurs. Nous "
            "répondrons en détail après le vote du budget.",
            [], [],
        ),
    },
    RIGHTS: {SANTE: None, EDUCATION: None},  # never answered: overdue
    "Безкоштовні вечірні курси французької для дорослих": {
        EDUCATION: (
            38, "rejected",
            "Les cours de français pour adultes sont financés par l'État. La ville prête déjà "
            "des salles de classe le soir aux associations qui les donnent, dans six écoles.",
            [], [],
        ),
    },
    HOUSING: {
        HABITAT: (
            10, "partially_accepted",
            "Nous publierons les délais d'attente chaque année. Un accompagnement avec "
            "interprète demande un budget que nous étudions ; les justificatifs demandés sont "
            "déjà ceux de la loi.",
            [("Publier le délai moyen d'attente par quartier.", 60),
             ("Ouvrir une permanence logement le samedi matin avec interprète.", 150)],
            [(0, 15, "in_progress", "Données collectées pour 8 quartiers sur 12.", 60),
             (1, 20, "planned", "Recherche d'une salle en cours.", None)],
        ),
    },
    "د ماښام لخوا د واکسین نوبتونه": {
        SANTE: (
            21, "under_study",
            "Deux soirées de vaccination par semaine demandent des infirmiers de plus. Nous "
            "essayons une soirée par mois dans un centre d'ici au printemps.",
            [], [],
        ),
    },
}  # fmt: skip
DAYS_TO_TRANSMIT = 5


def _service(name: str) -> Service | None:
    return db.session.scalar(select(Service).where(Service.name == name))


def _recommendation(title: str) -> Recommendation | None:
    return db.session.scalar(select(Recommendation).join(Proposal).where(Proposal.title == title))


def _answer(recommendation, service, answer, transmitted) -> None:
    days, status, justification, commitments, follow_ups = answer
    official = find_user_by_email(OFFICIALS[service.name])
    answered = transmitted + timedelta(days=days, hours=5)
    with at_moment(answered):
        on = council_date(answered)
        operations.respond_to_recommendation(
            recommendation,
            official,
            service=service,
            status=status,
            justification=justification,
            commitments=[
                {"text": text, "target_date": on + timedelta(days=target)}
                for text, target in commitments
            ],
            language="fr",
        )
    live = recommendation.response_of(service).live_commitments
    for index, after, state, note, percent in follow_ups:
        reported = answered + timedelta(days=after)
        with at_moment(reported):
            operations.post_follow_up(
                live[index],
                official,
                status=state,
                note=note,
                percent=percent,
                on_date=council_date(reported),
                language="fr",
            )


def load_demo() -> None:
    secretary = find_user_by_email("secretaire@council.example")
    if secretary is None:
        return
    for title, answers in STORY.items():
        recommendation = _recommendation(title)
        if recommendation is None or recommendation.transmitted_at is not None:
            continue
        services = [_service(name) for name in answers]
        if None in services:
            continue
        # A weekday morning a few days after the meeting (9:15 UTC: 10:15 or 11:15 in the city).
        adopted = recommendation.adopted_at + timedelta(days=DAYS_TO_TRANSMIT)
        transmitted = adopted.replace(hour=9, minute=15, second=0, microsecond=0)
        with at_moment(transmitted):
            operations.transmit_recommendation(recommendation, secretary, services=services)
        for service in services:
            if answers[service.name] is not None:
                _answer(recommendation, service, answers[service.name], transmitted)
    db.session.flush()
