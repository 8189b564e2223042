"""Comments on a subject (referrals first): threads, official voice, edits, deletion."""

from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from council.comments.models import Comment
from council.db_types import utcnow
from council.extensions import db
from council.notifications.models import Notification, NotificationKind
from council.referrals import operations as referrals
from council.roles import Role
from tests.conftest import outbox
from tests.referral_helpers import comment_on, housing_service, official_of, open_referral


@pytest.fixture
def referral(make_user):
    service = housing_service()
    return open_referral(official_of(make_user, service), service)


@pytest.fixture
def member(make_user):
    return make_user(Role.MEMBER, email="amina@example.org", name="Amina")


def comment_count() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def write(client, referral, body, **extra):
    data = {"body": body, "language": "fr", "as_service": "0", **extra}
    return client.submit(
        f"/comments/referral/{referral.id}", data, form_page=f"/referrals/{referral.id}"
    )


def test_member_comments_and_the_referring_official_is_told(client, referral, member):
    client.login("amina@example.org")
    response = write(client, referral, "Il faut un guide **en arabe**.")
    comment = db.session.scalar(select(Comment))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/referrals/{referral.id}#comment-{comment.id}")
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert f'id="comment-{comment.id}"' in page
    assert "Il faut un guide <strong>en arabe</strong>." in page
    assert "1 comment" in page
    [note] = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.NEW_COMMENT)
    ).all()
    assert note.user_id == referral.referred_by_id
    assert note.params == {"actor": "Amina"}
    assert outbox()[-1].recipient == "agent@ville.example"
    # The official has no language preference: the mail is in the council's default, French.
    assert outbox()[-1].locale == "fr"
    with force_locale("fr"):
        expected = gettext(
            "%(actor)s commented on “%(title)s”.", actor="Amina", title=referral.question
        )
    assert expected == outbox()[-1].subject


def test_comment_length_limit(client, referral, member):
    client.login("amina@example.org")
    page = write(client, referral, "x" * 5001).get_data(as_text=True)
    assert "Use at most 5000 characters." in page
    assert comment_count() == 0
    assert write(client, referral, "x" * 5000).status_code == 302
    assert comment_count() == 1


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_empty_comment_is_refused(client, referral, member, body):
    client.login("amina@example.org")
    assert "This field is required." in write(client, referral, body).get_data(as_text=True)
    assert comment_count() == 0


def test_markup_in_comments_is_sanitised_on_render(client, referral, member):
    client.login("amina@example.org")
    body = '<script>alert("x")</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))'
    write(client, referral, body)
    assert db.session.scalar(select(Comment.body)) == body  # stored as written
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert '<script>alert("x")' not in page
    assert "<img" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;" in page


def test_official_comment_is_marked_with_the_service(client, referral):
    client.login("agent@ville.example")
    service_id = referral.service_id
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert 'name="as_service"' in page
    write(client, referral, "Nous lirons vos avis.", as_service=str(service_id))
    comment = db.session.scalar(select(Comment))
    assert comment.official_service_id == service_id
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Official: Habitat" in page
    assert "comment--official" in page


def test_official_cannot_speak_for_another_service(client, referral, make_user):
    other = housing_service("Santé")
    page = write_as_official(client, referral, other.id).get_data(as_text=True)
    assert "Choose an option from the list." in page
    assert comment_count() == 0


def write_as_official(client, referral, service_id):
    client.login("agent@ville.example")
    return write(client, referral, "Pour la santé", as_service=str(service_id))


def test_officials_must_comment_for_their_service(client, referral):
    client.login("agent@ville.example")
    page = write(client, referral, "Sans service", as_service="0").get_data(as_text=True)
    assert "Choose an option from the list." in page
    assert comment_count() == 0


def test_replies_stay_two_levels_deep_and_notify_the_replied_author(client, referral, make_user):
    first = make_user(Role.MEMBER, email="first@example.org", name="First")
    second = make_user(Role.MEMBER, email="second@example.org", name="Second")
    top = comment_on(referral, first, "Top")
    reply = comment_on(referral, second, "Reply", reply_to=top)
    assert reply.parent_id == top.id
    make_user(Role.MEMBER, email="third@example.org", name="Third")
    client.login("third@example.org")
    response = client.submit(
        f"/comments/{reply.id}/reply",
        {"body": "Reply to a reply", "language": "fr", "as_service": "0"},
    )
    assert response.status_code == 302
    answer = db.session.scalar(select(Comment).where(Comment.body == "Reply to a reply"))
    # Replying to a reply joins the top-level conversation (threads are two levels deep).
    assert answer.parent_id == top.id
    replies_to_second = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == NotificationKind.COMMENT_REPLY)
    ).all()
    assert second.id in replies_to_second
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    thread = page.split(f'id="comment-{top.id}"')[1]
    assert thread.index("Reply to a reply") > thread.index("comment-replies")


@pytest.mark.parametrize("state", ["deleted", "hidden"])
def test_cannot_reply_to_a_deleted_or_hidden_comment(client, referral, member, make_user, state):
    other = make_user(Role.MEMBER, email="other@example.org")
    target = comment_on(referral, other, "Target")
    if state == "deleted":
        target.deleted_at = utcnow()
    else:
        target.hidden_at, target.hidden_reason = utcnow(), "Insulte"
    db.session.commit()
    client.login("amina@example.org")
    response = client.submit(
        f"/comments/{target.id}/reply",
        {"body": "Réponse", "language": "fr", "as_service": "0"},
    )
    assert "You cannot reply to a deleted or hidden comment." in response.get_data(as_text=True)
    assert comment_count() == 1


def test_closed_referrals_take_no_new_comments(client, referral, member):
    referrals.close_referral(referral, referral.referred_by, reason="Retirée")
    db.session.commit()
    client.login("amina@example.org")
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "New comments are not accepted here." in page
    assert f'action="/comments/referral/{referral.id}"' not in page
    response = client.post(
        f"/comments/referral/{referral.id}",
        data={
            "csrf_token": client.csrf_token("/referrals/"),
            "body": "Trop tard",
            "language": "fr",
            "as_service": "0",
        },
    )
    assert "Comments are closed here." in response.get_data(as_text=True)
    assert comment_count() == 0


def test_unknown_subjects_and_comments_are_404(client, referral, member):
    client.login("amina@example.org")
    assert client.get("/comments/poem/1").status_code == 404
    assert client.get(f"/comments/referral/{referral.id + 1000}").status_code == 404
    assert client.get("/comments/999999/reply").status_code == 404
    assert client.get("/comments/999999/history").status_code == 404
    token = client.csrf_token("/referrals/")
    response = client.post(
        "/comments/poem/1", data={"csrf_token": token, "body": "x", "language": "fr"}
    )
    assert response.status_code == 404
    assert comment_count() == 0


def test_public_reads_comments_but_cannot_write(client, referral, member):
    comment_on(referral, member, "Visible à tous")
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Visible à tous" in page
    assert "can comment after they log in" in page
    assert "Publish the comment" not in page
    response = client.post(f"/comments/referral/{referral.id}", data={"body": "anonyme"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert comment_count() == 1


def test_edits_within_15_minutes_are_silent(client, referral, member):
    comment = comment_on(referral, member, "Premier jet")
    client.login("amina@example.org")
    assert (
        client.submit(f"/comments/{comment.id}/edit", {"body": "Version finale"}).status_code == 302
    )
    db.session.refresh(comment)
    assert comment.body == "Version finale"
    assert comment.edited_at is None and comment.revisions == []
    assert ">edited<" not in client.get(f"/referrals/{referral.id}").get_data(as_text=True)


def test_late_edits_are_marked_and_keep_history(client, referral, member):
    comment = comment_on(referral, member, "Ancien texte")
    comment.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    client.login("amina@example.org")
    client.submit(f"/comments/{comment.id}/edit", {"body": "Nouveau texte"})
    db.session.refresh(comment)
    assert comment.edited_at is not None
    assert [r.body for r in comment.revisions] == ["Ancien texte"]
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert ">edited<" in page and "Nouveau texte" in page and "Ancien texte" not in page
    history = client.get(f"/comments/{comment.id}/history").get_data(as_text=True)
    assert history.index("Nouveau texte") < history.index("Ancien texte")


def test_nobody_edits_or_deletes_someone_elses_comment(client, referral, member, make_user):
    comment = comment_on(referral, member, "À moi")
    make_user(Role.MEMBER, email="intruder@example.org")
    client.login("intruder@example.org")
    assert client.get(f"/comments/{comment.id}/edit").status_code == 403
    token = client.csrf_token("/referrals/")
    forged = client.post(
        f"/comments/{comment.id}/edit", data={"csrf_token": token, "body": "Pirate"}
    )
    assert forged.status_code == 403
    assert (
        client.post(f"/comments/{comment.id}/delete", data={"csrf_token": token}).status_code == 403
    )
    db.session.refresh(comment)
    assert comment.body == "À moi" and comment.deleted_at is None


def test_edit_validation(client, referral, member):
    comment = comment_on(referral, member, "Texte")
    client.login("amina@example.org")
    page = client.submit(f"/comments/{comment.id}/edit", {"body": "y" * 5001}).get_data(
        as_text=True
    )
    assert "Use at most 5000 characters." in page
    db.session.refresh(comment)
    assert comment.body == "Texte"


def test_deleting_leaves_a_marker_and_keeps_replies(client, referral, member, make_user):
    top = comment_on(referral, member, "Texte à retirer")
    other = make_user(Role.MEMBER, email="other@example.org")
    comment_on(referral, other, "Une réponse", reply_to=top)
    client.login("amina@example.org")
    assert "Texte à retirer" in client.get(f"/comments/{top.id}/delete").get_data(as_text=True)
    assert client.submit(f"/comments/{top.id}/delete", {}).status_code == 302
    db.session.refresh(top)
    assert top.deleted_at is not None and top.body == ""
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Comment deleted." in page
    assert "Texte à retirer" not in page
    assert "Une réponse" in page
    # Deleted twice (second tab): refused, not a crash.
    again = client.post(
        f"/comments/{top.id}/delete", data={"csrf_token": client.csrf_token("/referrals/")}
    )
    assert again.status_code == 403


def test_a_double_submission_publishes_one_comment(client, referral, member):
    client.login("amina@example.org")
    token = client.csrf_token(f"/referrals/{referral.id}")
    data = {"csrf_token": token, "body": "Une seule fois", "language": "fr", "as_service": "0"}
    first = client.post(f"/comments/referral/{referral.id}", data=data)
    second = client.post(f"/comments/referral/{referral.id}", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert comment_count() == 1
    assert len(outbox()) == 1  # the referring official is told once
