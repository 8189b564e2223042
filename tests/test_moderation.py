"""Reporting comments and the secretaries' moderation queue."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from council.comments.models import Comment, CommentReport, ReportResolution
from council.extensions import db
from council.roles import Role
from tests.referral_helpers import comment_on, housing_service, official_of, open_referral


@pytest.fixture
def comment(make_user):
    service = housing_service()
    referral = open_referral(official_of(make_user, service), service)
    author = make_user(Role.MEMBER, email="author@example.org", name="Author")
    return comment_on(referral, author, "Un texte contestable")


def report(client, comment, reason="Propos insultants"):
    return client.submit(f"/comments/{comment.id}/report", {"reason": reason})


def report_count() -> int:
    return db.session.scalar(select(func.count(CommentReport.id)))


def referral_page(client, comment) -> str:
    return client.get(f"/referrals/{comment.subject_id}").get_data(as_text=True)


def test_a_person_reports_a_comment_once(client, make_user, comment):
    make_user(Role.MEMBER, email="reader@example.org")
    client.login("reader@example.org")
    assert report(client, comment).status_code == 302
    assert report_count() == 1
    page = client.get(f"/comments/{comment.id}/report").get_data(as_text=True)
    assert "You have already reported this comment." in page
    again = client.post(
        f"/comments/{comment.id}/report",
        data={"csrf_token": client.csrf_token("/referrals/"), "reason": "Encore"},
    )
    assert "You have already reported this comment." in again.get_data(as_text=True)
    assert report_count() == 1


def test_the_database_refuses_a_second_report(make_user, comment):
    reader = make_user(Role.MEMBER, email="reader@example.org")
    db.session.add(CommentReport(comment_id=comment.id, reporter_id=reader.id, reason="a"))
    db.session.commit()
    db.session.add(CommentReport(comment_id=comment.id, reporter_id=reader.id, reason="b"))
    with pytest.raises(IntegrityError):
        db.session.commit()


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "This field is required."), ("r" * 501, "Use at most 500 characters.")],
)
def test_report_needs_a_reason(client, make_user, comment, reason, message):
    make_user(Role.MEMBER, email="reader@example.org")
    client.login("reader@example.org")
    assert message in report(client, comment, reason).get_data(as_text=True)
    assert report_count() == 0


def test_authors_cannot_report_themselves_and_public_cannot_report(client, comment):
    assert client.get(f"/comments/{comment.id}/report").status_code == 302  # to login
    client.login("author@example.org")
    page = report(client, comment).get_data(as_text=True)
    assert "You cannot report your own comment." in page
    assert report_count() == 0


def test_three_reports_hide_the_comment_pending_review(client, make_client, make_user, comment):
    for number in range(3):
        make_user(Role.MEMBER, email=f"reader{number}@example.org")
        reader = make_client()
        reader.login(f"reader{number}@example.org")
        report(reader, comment)
        db.session.refresh(comment)
        assert comment.is_hidden == (number == 2)
    assert comment.pending_review
    page = referral_page(client, comment)
    assert "Un texte contestable" not in page
    assert "Hidden while the secretaries review reports about this comment." in page


def test_secretary_hides_a_comment_with_a_public_reason(client, make_client, make_user, comment):
    reader = make_user(Role.MEMBER, email="reader@example.org")
    db.session.add(CommentReport(comment_id=comment.id, reporter_id=reader.id, reason="Insulte"))
    db.session.commit()
    make_user(Role.SECRETARY, email="claire@example.org")
    client.login("claire@example.org")
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "Un texte contestable" in queue and "Insulte" in queue
    response = client.submit(
        f"/moderation/{comment.id}/hide",
        {"reason": "Attaque personnelle"},
        form_page="/moderation/",
    )
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.hidden_reason == "Attaque personnelle" and not comment.pending_review
    assert db.session.scalar(select(CommentReport.resolution)) == ReportResolution.HIDDEN
    for viewer in (client, make_client()):  # the secretary, and the public
        page = referral_page(viewer, comment)
        assert "Hidden by moderation: Attaque personnelle" in page
        assert "Un texte contestable" not in page
    assert "Nothing to review." in client.get("/moderation/").get_data(as_text=True)
    history = client.get(f"/comments/{comment.id}/history").get_data(as_text=True)
    assert "Un texte contestable" not in history


def test_hiding_needs_a_reason_and_happens_once(client, make_user, comment):
    make_user(Role.SECRETARY, email="claire@example.org")
    client.login("claire@example.org")
    url = f"/moderation/{comment.id}/hide"
    page = client.submit(url, {"reason": " "}, form_page="/moderation/", follow_redirects=True)
    assert "To hide a comment, give a reason" in page.get_data(as_text=True)
    db.session.refresh(comment)
    assert not comment.is_hidden
    client.submit(url, {"reason": "Spam"}, form_page="/moderation/")
    again = client.submit(url, {"reason": "Autre"}, form_page="/moderation/", follow_redirects=True)
    assert "This comment is already hidden." in again.get_data(as_text=True)
    db.session.refresh(comment)
    assert comment.hidden_reason == "Spam"


def test_dismissing_reports_shows_the_comment_again(client, make_user, comment):
    for number in range(3):
        reader = make_user(Role.MEMBER, email=f"reader{number}@example.org")
        db.session.add(CommentReport(comment_id=comment.id, reporter_id=reader.id, reason="x"))
    comment.hidden_at, comment.pending_review = comment.created_at, True
    db.session.commit()
    make_user(Role.SECRETARY, email="claire@example.org")
    client.login("claire@example.org")
    assert "Hidden pending review" in client.get("/moderation/").get_data(as_text=True)
    client.submit(f"/moderation/{comment.id}/dismiss", {}, form_page="/moderation/")
    db.session.refresh(comment)
    assert comment.is_visible
    resolutions = set(db.session.scalars(select(CommentReport.resolution)))
    assert resolutions == {ReportResolution.DISMISSED}
    assert "Un texte contestable" in referral_page(client, comment)
    again = client.submit(
        f"/moderation/{comment.id}/dismiss", {}, form_page="/moderation/", follow_redirects=True
    )
    assert "There is nothing left to review on this comment." in again.get_data(as_text=True)


def test_a_member_cannot_hide_through_a_forged_form(client, make_user, comment):
    make_user(Role.MEMBER, email="reader@example.org")
    client.login("reader@example.org")
    assert client.get("/moderation/").status_code == 403
    token = client.csrf_token("/referrals/")
    forged = client.post(
        f"/moderation/{comment.id}/hide", data={"csrf_token": token, "reason": "x"}
    )
    assert forged.status_code == 403
    dismiss = client.post(f"/moderation/{comment.id}/dismiss", data={"csrf_token": token})
    assert dismiss.status_code == 403
    db.session.refresh(comment)
    assert comment.is_visible
    assert db.session.get(Comment, comment.id).hidden_reason is None


def test_moderating_a_missing_comment_is_404(client, make_user):
    make_user(Role.SECRETARY, email="claire@example.org")
    client.login("claire@example.org")
    token = client.csrf_token("/moderation/")
    assert (
        client.post(
            "/moderation/999999/hide", data={"csrf_token": token, "reason": "x"}
        ).status_code
        == 404
    )
