"""Small builders shared by the referral, comment, moderation and notification tests."""

from datetime import timedelta

from council.comments.subjects import subject_type
from council.dates import council_today
from council.extensions import db
from council.referrals import operations as referrals
from council.roles import Role
from council.services import operations as services


def housing_service(name="Habitat"):
    service = services.create_service(name, f"{name.lower()}@ville.example")
    db.session.commit()
    return service


def official_of(make_user, service, email="agent@ville.example", **kwargs):
    return make_user(Role.OFFICIAL, email=email, name="Agent Habitat", services=[service], **kwargs)


def open_referral(official, service, question="Comment informer les nouveaux arrivants ?", days=30):
    referral = referrals.create_referral(
        official,
        question=question,
        context="Un **guide** est en préparation.",
        service=service,
        wished_answer_date=council_today() + timedelta(days=days),
        language="fr",
    )
    db.session.commit()
    return referral


def comment_on(referral, author, body="Bonne idée.", reply_to=None, as_service_id=None):
    from council.comments.operations import post_comment

    comment = post_comment(
        referral,
        author,
        subject=subject_type("referral"),
        body=body,
        language="fr",
        as_service_id=as_service_id,
        reply_to=reply_to,
    )
    db.session.commit()
    return comment
