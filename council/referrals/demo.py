"""Demo: a question from the housing service, discussed by members and the service. Idempotent."""

from datetime import timedelta

from sqlalchemy import select

from council.accounts.operations import find_user_by_email
from council.comments.operations import post_comment
from council.comments.subjects import subject_type
from council.dates import council_today
from council.extensions import db
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
    referral = create_referral(
        QUESTION,
        CONTEXT,
        official.services[0],
        council_today() + timedelta(days=45),
        "fr",
        official,
    )
    subject = subject_type("referral")
    posted = []
    for email, body, language, as_official, reply_index in COMMENTS:
        author = find_user_by_email(email)
        reply_to = posted[reply_index] if reply_index is not None else None
        service_id = author.services[0].id if as_official else None
        posted.append(post_comment(subject, referral, author, body, language, service_id, reply_to))
