"""Demo: a question the housing service sent three weeks ago, wished answered in the weeks to
come, discussed by members and the service in the days after. Idempotent."""

from sqlalchemy import select

from council.accounts.operations import find_user_by_email
from council.comments.operations import post_comment
from council.comments.subjects import subject_type
from council.demo_calendar import at, day
from council.extensions import db
from council.proposals.models import Theme
from council.referrals.models import Referral
from council.referrals.operations import create_referral

QUESTION = "Comment mieux informer les nouveaux arrivants sur l'accès au logement social ?"
CONTEXT = """La Direction de l'habitat prépare un guide d'accueil pour les personnes récemment
arrivées dans la ville.

Nous aimerions savoir :

1. quelles informations manquent le plus aujourd'hui ;
2. dans quelles **langues** le guide devrait être traduit ;
3. quels lieux de diffusion sont les plus utiles (associations, mairies de quartier…).
"""

COMMENTS = [
    # (author email, body, language, official?, reply to comment index)
    (
        "amina@council.example",
        "الكثير من العائلات لا تعرف أن الطلب يمكن تقديمه عبر الإنترنت. يجب شرح ذلك بوضوح.",
        "ar",
        False,
        None,
    ),
    (
        "karim@council.example",
        "Il faudrait aussi expliquer les délais d'attente réels, quartier par quartier.",
        "fr",
        False,
        None,
    ),
    (
        "habitat@council.example",
        "Merci. La demande en ligne sera expliquée en première page, avec un pas-à-pas.",
        "fr",
        True,
        0,
    ),
    (
        "olena@council.example",
        "Українська версія була б дуже корисною: у місті багато родин з України.",
        "uk",
        False,
        None,
    ),
]


def load_demo() -> None:
    if db.session.scalar(select(Referral.id).where(Referral.question == QUESTION)):
        return
    official = find_user_by_email("habitat@council.example")
    if official is None or not official.services:
        return
    with at(-20, 11, 30):
        referral = create_referral(
            official,
            question=QUESTION,
            context=CONTEXT,
            service=official.services[0],
            wished_answer_date=day(25),
            language="fr",
            theme=db.session.scalar(select(Theme).where(Theme.name == "Logement")),
        )
    subject = subject_type("referral")
    posted = []
    for index, (email, body, language, as_official, reply_index) in enumerate(COMMENTS):
        author = find_user_by_email(email)
        reply_to = posted[reply_index] if reply_index is not None else None
        service_id = author.services[0].id if as_official else None
        with at(-19 + 2 * index, 19, 40):
            posted.append(
                post_comment(
                    referral,
                    author,
                    subject=subject,
                    body=body,
                    language=language,
                    as_service_id=service_id,
                    reply_to=reply_to,
                )
            )
