"""Referrals: the city refers a question, the council sees it, its status is public."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from council.dates import council_today
from council.errors import OperationError
from council.extensions import db
from council.notifications.models import Notification, NotificationKind
from council.referrals import operations
from council.referrals.models import Referral, ReferralStatus
from council.roles import Role
from tests.conftest import outbox
from tests.referral_helpers import housing_service, official_of, open_referral


def referral_count() -> int:
    return db.session.scalar(select(func.count(Referral.id)))


def refer(client, service, **overrides):
    data = {
        "question": "Comment améliorer l'accueil des nouveaux arrivants ?",
        "context": "Nous préparons un guide.",
        "service_id": str(service),
        "wished_answer_date": (council_today() + timedelta(days=20)).isoformat(),
        "language": "fr",
        **overrides,
    }
    return client.submit("/referrals/new", data)


def test_official_refers_a_question_and_the_council_is_told(client, make_user):
    service = housing_service()
    official_of(make_user, service)
    member = make_user(Role.MEMBER, email="amina@example.org", locale="ar")
    secretary = make_user(Role.SECRETARY, email="claire@example.org", locale="fr")
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("agent@ville.example")
    response = refer(client, service.id)
    assert response.status_code == 302
    referral = db.session.scalar(select(Referral))
    assert response.headers["Location"].endswith(f"/referrals/{referral.id}")
    assert referral.status == ReferralStatus.OPEN
    notified = db.session.scalars(select(Notification.user_id)).all()
    assert sorted(notified) == sorted([member.id, secretary.id])
    mails = {mail.recipient: mail for mail in outbox()}
    assert set(mails) == {"amina@example.org", "claire@example.org"}
    assert mails["amina@example.org"].locale == "ar"
    assert f"/referrals/{referral.id}" in mails["amina@example.org"].body
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Comment améliorer l&#39;accueil" in page
    assert "Nous préparons un guide." in page
    assert "Open" in page


def test_an_official_cannot_refer_for_another_service(client, make_user):
    housing = housing_service()
    health = housing_service("Santé")
    official = official_of(make_user, housing)
    client.login("agent@ville.example")
    page = refer(client, health.id).get_data(as_text=True)
    assert "Choose an option from the list." in page
    assert referral_count() == 0
    with pytest.raises(OperationError, match="your own service"):
        operations.create_referral(
            official,
            question="Q",
            context="",
            service=health,
            wished_answer_date=council_today() + timedelta(days=3),
            language="fr",
        )


def test_an_admin_refers_for_any_service(client, make_user):
    health = housing_service("Santé")
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    assert refer(client, health.id).status_code == 302
    assert db.session.scalar(select(Referral.service_id)) == health.id


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("wished_answer_date", "today", "Choose a date in the future."),
        ("wished_answer_date", "past", "Choose a date in the future."),
        ("wished_answer_date", "next friday", "Enter a date like 2026-03-31."),
        ("wished_answer_date", "", "This field is required."),
        ("question", "", "This field is required."),
        ("question", "x" * 10_000, "Use at most 200 characters."),
        ("language", "klingon", "Choose an option from the list."),
        ("service_id", "abc", "Choose an option from the list."),
    ],
)
def test_bad_referral_input_is_refused_with_a_message(client, make_user, field, value, message):
    service = housing_service()
    official_of(make_user, service)
    client.login("agent@ville.example")
    if value == "today":
        value = council_today().isoformat()
    elif value == "past":
        value = (council_today() - timedelta(days=1)).isoformat()
    response = refer(client, **{"service": service.id, field: value})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert referral_count() == 0


def test_members_cannot_refer(client, make_user):
    service = housing_service()
    make_user(Role.MEMBER, email="member@example.org")
    client.login("member@example.org")
    assert client.get("/referrals/new").status_code == 403
    assert refer_forged(client, service.id).status_code == 403
    assert referral_count() == 0


def refer_forged(client, service_id):
    token = client.csrf_token("/referrals/")  # any page's token; the gate refuses first
    return client.post(
        "/referrals/new",
        data={"csrf_token": token, "question": "Q", "service_id": service_id, "language": "fr"},
    )


def test_context_markdown_is_sanitised(client, make_user):
    service = housing_service()
    official = official_of(make_user, service)
    referral = operations.create_referral(
        official,
        question="Question",
        context="**Important** <script>alert('x')</script> [bad](javascript:alert(1))",
        service=service,
        wished_answer_date=council_today() + timedelta(days=5),
        language="fr",
    )
    db.session.commit()
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "<strong>Important</strong>" in page
    assert "<script>alert" not in page
    assert 'href="javascript' not in page


def test_public_list_shows_statuses_and_overdue_in_words(client, make_user):
    service = housing_service()
    official = official_of(make_user, service)
    late = open_referral(official, service, question="Late question")
    late.wished_answer_date = council_today() - timedelta(days=2)
    fresh = open_referral(official, service, question="Fresh question")
    closed = open_referral(official, service, question="Closed question")
    operations.close_referral(closed, official, reason="Plus d'actualité.")
    db.session.commit()
    page = client.get("/referrals/").get_data(as_text=True)
    assert page.index("Late question") < page.index("Closed question")
    late_row = page.split("Late question")[1].split("</tr>")[0]
    assert "Overdue: answer wished by" in late_row
    assert "status--overdue" in late_row
    fresh_row = page.split("Fresh question")[1].split("</tr>")[0]
    assert "Overdue" not in fresh_row
    closed_row = page.split("Closed question")[1].split("</tr>")[0]
    assert "Closed" in closed_row and "Overdue" not in closed_row
    only_open = client.get("/referrals/?status=open").get_data(as_text=True)
    assert "Closed question" not in only_open and "Fresh question" in only_open
    detail = client.get(f"/referrals/{late.id}").get_data(as_text=True)
    assert "Overdue: answer wished by" in detail
    assert client.get(f"/referrals/{fresh.id}").status_code == 200
    assert client.get("/referrals/?status=bogus").status_code == 200
    assert client.get("/referrals/999999").status_code == 404


def test_secretaries_see_open_referrals_on_their_home_page(client, make_user):
    service = housing_service()
    official = official_of(make_user, service)
    open_referral(official, service, question="Waiting question")
    done = open_referral(official, service, question="Settled question")
    operations.close_referral(done, official, reason="Retirée.")
    db.session.commit()
    make_user(Role.SECRETARY, Role.MEMBER, email="claire@example.org")
    client.login("claire@example.org")
    home = client.get("/me").get_data(as_text=True)
    assert "Open questions from the city" in home
    assert "Waiting question" in home
    assert "Settled question" not in home


def test_official_closes_their_referral_with_a_public_reason(client, make_user):
    service = housing_service()
    official = official_of(make_user, service)
    referral = open_referral(official, service)
    client.login("agent@ville.example")
    path = f"/referrals/{referral.id}/close"
    page = client.submit(path, {"note": "  "}).get_data(as_text=True)
    assert "This field is required." in page
    assert client.submit(path, {"note": "Le projet est abandonné."}).status_code == 302
    db.session.refresh(referral)
    assert referral.status == ReferralStatus.CLOSED
    public = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Le projet est abandonné." in public
    assert "Closed" in public
    # A stale tab sends the form again: a clear message, nothing changes.
    stale = client.post(
        path, data={"csrf_token": client.csrf_token("/referrals/"), "note": "Encore"}
    ).get_data(as_text=True)
    assert "This referral is already Closed." in stale
    db.session.refresh(referral)
    assert referral.close_reason == "Le projet est abandonné."


def test_others_cannot_close_or_answer(client, make_user):
    housing = housing_service()
    official = official_of(make_user, housing)
    official_of(make_user, housing_service("Santé"), email="sante@ville.example")
    make_user(Role.MEMBER, email="member@example.org")
    referral = open_referral(official, housing)
    client.login("sante@ville.example")
    assert client.get(f"/referrals/{referral.id}/close").status_code == 403
    assert client.get(f"/referrals/{referral.id}/answer").status_code == 403
    client.logout()
    client.login("member@example.org")
    token = client.csrf_token("/referrals/")
    response = client.post(
        f"/referrals/{referral.id}/close", data={"csrf_token": token, "note": "x"}
    )
    assert response.status_code == 403
    db.session.refresh(referral)
    assert referral.status == ReferralStatus.OPEN


def test_bureau_marks_a_referral_answered_and_followers_are_told(client, make_user):
    service = housing_service()
    official = official_of(make_user, service)
    referral = open_referral(official, service)
    make_user(Role.SECRETARY, email="claire@example.org")
    client.login("claire@example.org")
    before = len(outbox())
    response = client.submit(f"/referrals/{referral.id}/answer", {"note": "Avis adopté le 3 mai."})
    assert response.status_code == 302
    db.session.refresh(referral)
    assert referral.status == ReferralStatus.ANSWERED
    assert referral.answer_note == "Avis adopté le 3 mai."
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Avis adopté le 3 mai." in page and "Answered" in page
    [state] = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.STATE_CHANGE)
    ).all()
    assert state.user_id == official.id
    assert state.params == {"state": "answered"}
    assert [m.recipient for m in outbox()[before:]] == ["agent@ville.example"]


def test_status_invariants_are_database_constraints(make_user):
    service = housing_service()
    referral = open_referral(official_of(make_user, service), service)
    referral.status = ReferralStatus.CLOSED  # no reason, no date
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    referral = db.session.get(Referral, referral.id)
    referral.status = ReferralStatus.ANSWERED
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_demo_data_has_a_discussed_referral_and_is_idempotent(app, client):
    from council.comments.models import Comment

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    [referral] = db.session.scalars(select(Referral)).all()
    assert referral.service.name == "Direction de l'habitat"
    comments = db.session.scalars(select(Comment)).all()
    assert len(comments) == 4
    assert {c.language for c in comments} >= {"ar", "fr", "uk"}
    [official] = [c for c in comments if c.official_service_id]
    assert official.parent_id is not None
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Official: Housing department" in page
