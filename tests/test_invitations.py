"""Invitation-only accounts: who may invite whom, and single-use, expiring links."""

from datetime import timedelta
from html import escape as html_escape

from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from council.accounts.models import Invitation, User
from council.db_types import utcnow
from council.extensions import db
from council.roles import Role
from council.services import operations as services
from tests.conftest import PASSWORD, link_in, outbox
from tests.two_factor_helpers import set_up_second_factor

NEW_PASSWORD = "une phrase assez longue"


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def invite(client, email, roles, service_id=0, locale="fr"):
    return client.submit(
        "/invitations/",
        {"email": email, "roles": roles, "service_id": str(service_id), "locale": locale},
    )


def accept(client, path, name="Nouvelle", password=NEW_PASSWORD, locale="ar"):
    # The token comes from another page: a dead link shows no form, but a stale tab still posts.
    return client.submit(
        path,
        {"display_name": name, "locale": locale, "password": password, "confirm": password},
        form_page="/password/forgot",
    )


def test_admin_invites_an_official_who_creates_an_account(client, make_client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    housing = services.create_service("Habitat", "habitat@ville.example")
    db.session.commit()
    client.login("admin@example.org")
    response = invite(client, "Agent@Ville.example", ["official"], housing.id, locale="tr")
    assert response.status_code == 302
    [mail] = outbox()
    assert mail.recipient == "agent@ville.example"
    assert mail.locale == "tr"
    path = link_in(mail.body)
    assert path.startswith("/invitations/accept/")

    newcomer = make_client()
    page = newcomer.get(path).get_data(as_text=True)
    assert "agent@ville.example" in page
    response = accept(newcomer, path, name="Agent Habitat", locale="tr")
    assert response.status_code == 302
    assert "lang=tr" in response.headers["Location"]
    set_up_second_factor(newcomer)  # officials set it up before anything else (issue 11)
    home = newcomer.get("/me").get_data(as_text=True)
    assert 'id="official-heading"' in home
    person = db.session.scalar(select(User).where(User.email == "agent@ville.example"))
    assert person.roles == {Role.OFFICIAL}
    assert [s.name for s in person.services] == ["Habitat"]
    assert person.locale == "tr"


def test_invitation_link_works_only_once(client, make_client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    invite(client, "once@example.org", ["member"])
    path = link_in(outbox()[0].body)
    assert accept(make_client(), path).status_code == 302
    second = make_client()
    page = accept(second, path, name="Someone else").get_data(as_text=True)
    assert "no longer valid" in page
    assert user_count() == 2
    assert second.get("/me").status_code == 302


def test_expired_and_withdrawn_invitations_are_refused(client, make_client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    invite(client, "late@example.org", ["member"])
    invite(client, "withdrawn@example.org", ["member"])
    late_path, withdrawn_path = (link_in(m.body) for m in outbox())
    late = db.session.scalar(select(Invitation).where(Invitation.email == "late@example.org"))
    late.expires_at = utcnow() - timedelta(minutes=1)
    withdrawn = db.session.scalar(
        select(Invitation).where(Invitation.email == "withdrawn@example.org")
    )
    db.session.commit()
    assert (
        client.submit(
            f"/invitations/{withdrawn.id}/revoke", {}, form_page="/invitations/"
        ).status_code
        == 302
    )
    for path in (late_path, withdrawn_path):
        visitor = make_client()
        assert "no longer valid" in visitor.get(path).get_data(as_text=True)
        assert "no longer valid" in accept(visitor, path).get_data(as_text=True)
    assert user_count() == 1


def test_invitations_expire_after_seven_days(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    invite(client, "week@example.org", ["member"])
    invitation = db.session.scalar(select(Invitation))
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_a_new_invitation_replaces_the_old_link(client, make_client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    invite(client, "twice@example.org", ["member"])
    invite(client, "twice@example.org", ["member"])
    old_path, new_path = (link_in(m.body) for m in outbox())
    assert "no longer valid" in accept(make_client(), old_path).get_data(as_text=True)
    assert accept(make_client(), new_path).status_code == 302


def test_secretary_invites_members_only(client, make_user):
    make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org")
    client.login("sec@example.org")
    page = client.get("/invitations/").get_data(as_text=True)
    assert 'value="member"' in page
    assert 'value="admin"' not in page
    forged = invite(client, "boss@example.org", ["admin"])
    assert forged.status_code == 200
    assert "Choose an option from the list." in forged.get_data(as_text=True)
    french = client.submit(
        "/invitations/?lang=fr",
        {"email": "b@example.org", "roles": ["admin"], "service_id": "0", "locale": "fr"},
    )
    with force_locale("fr"):
        expected = html_escape(gettext("Choose an option from the list."))
    assert expected != "Choose an option from the list."
    assert expected in french.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert outbox() == []
    assert invite(client, "member@example.org", ["member"]).status_code == 302


def test_members_and_officials_cannot_invite(client, make_user):
    make_user(Role.MEMBER, email="m@example.org")
    client.login("m@example.org")
    assert client.get("/invitations/").status_code == 403


def test_official_needs_a_service(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    page = invite(client, "x@example.org", ["official"]).get_data(as_text=True)
    assert "must belong to a municipal service" in page
    assert outbox() == []


def test_existing_account_cannot_be_invited_again(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    make_user(Role.MEMBER, email="already@example.org")
    client.login("admin@example.org")
    page = invite(client, "already@example.org", ["member"]).get_data(as_text=True)
    assert "already exists" in page
    assert outbox() == []


def test_bad_invitation_input_is_refused_clearly(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    cases = {
        "": "This field is required.",
        "not-an-email": "valid email address",
        "a" * 250 + "@example.org": "at most 254 characters",
        "<script>@example.org": "valid email address",
    }
    for email, message in cases.items():
        response = invite(client, email, ["member"])
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    assert "This field is required." in invite(client, "ok@example.org", []).get_data(as_text=True)
    assert outbox() == []


def test_accepting_refuses_weak_passwords_and_markup(client, make_client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    invite(client, "new@example.org", ["member"])
    path = link_in(outbox()[0].body)
    visitor = make_client()
    cases = [
        ("Nouvelle", "short pass", "at least 12 characters"),
        ("Nouvelle", "123456789012", "too common"),
        ("Nouvelle", "Password2024!", "too common"),
        ("Nouvelle", "new@example.org", "name or email address"),
        ("<img src=x onerror=alert(1)>", NEW_PASSWORD, "cannot contain"),
        ("", NEW_PASSWORD, "This field is required."),
        ("n" * 81, NEW_PASSWORD, "at most 80 characters"),
    ]
    for name, password, message in cases:
        page = accept(visitor, path, name=name, password=password).get_data(as_text=True)
        assert message in page, message
        assert "<img src=x" not in page
    mismatch = visitor.submit(
        path, {"display_name": "N", "locale": "fr", "password": NEW_PASSWORD, "confirm": "other"}
    )
    assert "The two passwords differ." in mismatch.get_data(as_text=True)
    assert user_count() == 1
    assert accept(visitor, path).status_code == 302  # the link still works after refusals


def test_pseudonyms_with_other_scripts_are_welcome(client, make_client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    invite(client, "farid@example.org", ["member"])
    visitor = make_client()
    accept(visitor, link_in(outbox()[0].body), name="فرید احمدی")
    assert "<bdi>فرید احمدی</bdi>" in visitor.get("/me").get_data(as_text=True)


def test_invitation_list_shows_status(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org", password=PASSWORD)
    client.login("admin@example.org")
    invite(client, "pending@example.org", ["member"])
    page = client.get("/invitations/?lang=en").get_data(as_text=True)
    assert "pending@example.org" in page
    assert "Waiting until" in page
