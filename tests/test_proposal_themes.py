"""Admins manage the themes of proposals, named in every shipped language."""

from sqlalchemy import select

from council.extensions import db
from council.proposals.models import Theme
from council.roles import Role
from tests.proposal_factories import a_draft, a_theme, count


def theme_form(name="Santé", **translations):
    data = {"name": name}
    data.update({f"translations-{code}": value for code, value in translations.items()})
    return data


def test_admin_creates_edits_and_deletes_a_theme(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    client.login("admin@example.org")
    assert (
        client.submit("/admin/themes/new", theme_form(ar="الصحة", tr="Sağlık")).status_code == 302
    )
    theme = db.session.scalar(select(Theme))
    assert theme.translated_locales() == {"ar": "الصحة", "tr": "Sağlık"}
    assert "الصحة" in client.get("/admin/themes/?lang=ar").get_data(as_text=True)
    url = f"/admin/themes/{theme.id}/edit"
    assert client.submit(url, theme_form(ar="", tr="", en="Health")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).translated_locales() == {"en": "Health"}
    client.submit(f"/admin/themes/{theme.id}/delete", {}, form_page="/admin/themes/")
    assert count(Theme) == 0


def test_bad_theme_input_and_themes_in_use(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    used = a_theme("Logement")
    a_draft(make_user(Role.MEMBER), theme=used)
    client.login("admin@example.org")
    for data, message in [
        (theme_form(name=""), "This field is required."),
        (theme_form(name="x" * 81), "at most 80 characters"),
        (theme_form(name="<i>Santé</i>"), "cannot contain"),
        (theme_form(name="LOGEMENT"), "already exists"),
        (theme_form(ru="<script>"), "cannot contain"),
    ]:
        response = client.submit("/admin/themes/new", data)
        assert response.status_code == 200 and message in response.get_data(as_text=True)
    response = client.submit(f"/admin/themes/{used.id}/delete", {}, form_page="/admin/themes/")
    assert response.status_code == 302
    assert "used by 1 proposal" in client.get("/admin/themes/").get_data(as_text=True)
    assert count(Theme) == 1
    assert client.get("/admin/themes/99999/edit").status_code == 404


def test_only_admins_manage_themes(client, make_user):
    make_user(Role.MEMBER, Role.SECRETARY, email="m@example.org")
    client.login("m@example.org")
    assert client.get("/admin/themes/").status_code == 403
    assert client.get("/admin/themes/new").status_code == 403
