"""Municipal services: public list in the reader's language, managed by admins."""

from sqlalchemy import select

from council.extensions import db
from council.roles import Role
from council.services import operations as services
from council.services.models import Service


def form(name="Santé publique", email="sante@ville.example", **translations):
    data = {"name": name, "contact_email": email, "description": "Centres de santé"}
    data.update({f"translations-{code}": value for code, value in translations.items()})
    return data


def test_admin_creates_a_service_with_translated_names(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    response = client.submit("/services/new", form(ar="الصحة العامة", en="Public health"))
    assert response.status_code == 302
    service = db.session.scalar(select(Service))
    assert service.translated_locales() == {"ar": "الصحة العامة", "en": "Public health"}
    arabic = client.get("/services/?lang=ar").get_data(as_text=True)
    assert "الصحة العامة" in arabic
    turkish = client.get("/services/?lang=tr").get_data(as_text=True)
    assert "Santé publique" in turkish  # no Turkish name yet: the French one
    detail = client.get(f"/services/{service.id}?lang=en").get_data(as_text=True)
    assert '<span lang="fr" dir="ltr">Santé publique</span>' in detail
    assert "sante@ville.example" in detail


def test_admin_edits_and_removes_a_translation(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    service = services.create_service("Habitat", "h@ville.example", "", {"en": "Housing"})
    db.session.commit()
    client.login("admin@example.org")
    url = f"/services/{service.id}/edit"
    assert 'value="Housing"' in client.get(url).get_data(as_text=True)
    assert (
        client.submit(
            url, form(name="Habitat", email="h@ville.example", en="", tr="Konut")
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(Service, service.id).translated_locales() == {"tr": "Konut"}


def test_bad_service_input_changes_nothing(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    services.create_service("Habitat", "h@ville.example")
    db.session.commit()
    client.login("admin@example.org")
    cases = [
        (form(name=""), "This field is required."),
        (form(name="x" * 161), "at most 160 characters"),
        (form(name="<b>Habitat</b>"), "cannot contain"),
        (form(name="HABITAT"), "already exists"),
        (form(email="nope"), "valid email address"),
        (form(ar="<script>x</script>"), "cannot contain"),
    ]
    for data, message in cases:
        response = client.submit("/services/new", data)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True), message
    assert db.session.scalar(select(db.func.count()).select_from(Service)) == 1


def test_only_admins_manage_services(client, make_user):
    make_user(Role.SECRETARY, email="s@example.org")
    client.login("s@example.org")
    assert client.get("/services/new").status_code == 403
    assert client.get("/services/").status_code == 200
    assert client.get("/services/12345").status_code == 404


def test_admin_gives_an_official_a_service(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    person = make_user(Role.MEMBER, email="agent@example.org")
    service = services.create_service("Habitat", "h@ville.example")
    db.session.commit()
    client.login("admin@example.org")
    url = f"/admin/users/{person.id}"
    refused = client.submit(url, {"roles": ["official"], "active": "y"})
    assert "must belong to a municipal service" in refused.get_data(as_text=True)
    response = client.submit(
        url, {"roles": ["official", "member"], "service_ids": [str(service.id)], "active": "y"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert person.roles == {Role.OFFICIAL, Role.MEMBER}
    assert [s.name for s in person.services] == ["Habitat"]
    forged = client.submit(url, {"roles": ["emperor"], "active": "y"})
    assert forged.status_code == 200
    db.session.expire_all()
    assert person.roles == {Role.OFFICIAL, Role.MEMBER}


def test_admin_cannot_lock_themself_out(client, make_user):
    admin = make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    page = client.submit(f"/admin/users/{admin.id}", {"roles": ["member"], "active": "y"})
    assert "cannot remove your own administrator access" in page.get_data(as_text=True)
    db.session.expire_all()
    assert admin.roles == {Role.ADMIN}


def test_deactivating_a_person_ends_their_sessions(client, make_client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    person = make_user(Role.MEMBER, email="leaving@example.org")
    their_phone = make_client()
    their_phone.login("leaving@example.org")
    client.login("admin@example.org")
    client.submit(f"/admin/users/{person.id}", {"roles": ["member"]})
    assert their_phone.get("/me").status_code == 302
    assert make_client().login("leaving@example.org").status_code == 200
