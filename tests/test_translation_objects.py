"""Translation routes × people × texts: a translation of a service's words is published as that
service's words, so among officials only the service's own may write it (issue 11, point 4).

The route-policy test checks each route's gate by role; this one checks the object rule behind
it, for every translation route and every kind of a service's text."""

import pytest
from sqlalchemy import func, select

from council.extensions import db
from council.recommendations import operations
from council.roles import Role
from council.translations_content.models import ContentTranslation
from tests.recommendation_helpers import a_council, a_service, adopted, an_official, transmit
from tests.translation_helpers import translate


@pytest.fixture
def answered(app, make_user):
    """Housing and health each answer the same recommendation and post a follow-up."""
    council = a_council(make_user)
    housing = a_service()
    health = a_service("Santé publique", "sante@ville.example")
    recommendation = transmit(council, adopted(council), [housing, health])
    people = {
        "housing official": an_official(make_user, housing, "agent@habitat.example"),
        "health official": an_official(make_user, health, "agent@sante.example"),
        "member": make_user(Role.MEMBER, email="nadia@example.org"),
        "secretary": council[0],
        "admin": make_user(Role.ADMIN, email="admin@example.org"),
    }
    texts = {}
    for service, who in ((housing, "housing official"), (health, "health official")):
        operations.respond_to_recommendation(
            recommendation, people[who], service=service, status="accepted",
            justification="Nous le ferons.",
            commitments=[{"text": "Ouvrir des places", "target_date": "2030-01-01"}],
        )  # fmt: skip
        db.session.commit()
        commitment = recommendation.response_of(service).commitments[0]
        follow_up = operations.post_follow_up(
            commitment, people[who], status="in_progress", note="Lancé.", percent=10
        )
        db.session.commit()
        key = "housing" if service is housing else "health"
        texts[f"{key} response"] = ("response", recommendation.response_of(service).id)
        texts[f"{key} follow-up"] = ("follow_up", follow_up.id)
    return people, texts


FIELD = {"response": "justification", "follow_up": "note"}


def may_translate(who: str, text: str) -> bool:
    if who in ("member", "secretary"):
        return True
    return who.split()[0] == text.split()[0] and who.endswith("official")


def translations_of(kind, subject_id) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(ContentTranslation)
        .where(ContentTranslation.subject_kind == kind, ContentTranslation.subject_id == subject_id)
    )


PEOPLE = ["housing official", "health official", "member", "secretary", "admin"]
TEXTS = ["housing response", "housing follow-up", "health response", "health follow-up"]


@pytest.mark.parametrize("who", PEOPLE)
def test_each_translation_route_applies_the_texts_object_rule(client, answered, who):
    people, texts = answered
    client.login(people[who].email)
    for text in TEXTS:
        kind, subject_id = texts[text]
        base = f"/translate/{kind}/{subject_id}"
        allowed = may_translate(who, text)
        expected_get = 200 if allowed else 403
        assert client.get(base).status_code == expected_get, (who, text, "overview")
        assert client.get(f"{base}/ar").status_code == expected_get, (who, text, "form")
        sent = client.submit(
            f"{base}/ar", {FIELD[kind]: "سنفعل ذلك."}, form_page=base if not allowed else None
        )
        assert sent.status_code == (302 if allowed else 403), (who, text, "translate")
        assert translations_of(kind, subject_id) == (1 if allowed else 0), (who, text)


@pytest.mark.parametrize("who", ["housing official", "health official"])
def test_review_follows_the_same_rule(client, answered, make_user, who):
    """A colleague of the answering official (who may not review their own words) reviews."""
    people, texts = answered
    service = people[who].services[0]
    people[who] = an_official(make_user, service, f"colleague{service.id}@ville.example")
    translator = make_user(Role.MEMBER)
    for text in TEXTS:
        kind, subject_id = texts[text]
        spec_obj = _load(kind, subject_id)
        translate(kind, spec_obj, translator, "ar", **{FIELD[kind]: "سنفعل ذلك."})
    client.login(people[who].email)
    for text in TEXTS:
        kind, subject_id = texts[text]
        base = f"/translate/{kind}/{subject_id}"
        answer = client.submit(f"{base}/ar/review", {}, form_page="/translate/")
        allowed = may_translate(who, text)
        assert answer.status_code == (303 if allowed else 403), (who, text)
        reviewed = db.session.scalar(
            select(ContentTranslation.reviewed_by_id).where(
                ContentTranslation.subject_kind == kind,
                ContentTranslation.subject_id == subject_id,
            )
        )
        assert (reviewed == people[who].id) is allowed, (who, text)


def test_the_queue_offers_an_official_only_their_services_texts(client, answered):
    people, texts = answered
    client.login(people["housing official"].email)
    page = client.get("/translate/?lang=en").get_data(as_text=True)
    for text in TEXTS:
        kind, subject_id = texts[text]
        assert (f"/translate/{kind}/{subject_id}" in page) is text.startswith("housing"), text


def _load(kind, subject_id):
    from council.translations_content.registry import translatable_kind

    return translatable_kind(kind).loader(subject_id)
