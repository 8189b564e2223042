"""Downloading one's data with the files: a ZIP holding data.json (which lists the files) and
every file the person attached, as the site serves it (pictures without their GPS)."""

import io
import json
import zipfile

from council.attachments.models import OwnerKind
from council.roles import Role
from tests import attachment_files as files
from tests.attachment_files import attach_directly
from tests.conftest import PASSWORD
from tests.proposal_factories import a_draft


def test_my_data_as_a_zip_holds_my_files(client, make_user):
    amina = make_user(Role.MEMBER, email="amina@example.org", name="Amina")
    other = make_user(Role.MEMBER, email="omar@example.org", name="Omar")
    draft = a_draft(amina)
    photo = attach_directly(
        draft, OwnerKind.PROPOSAL, amina, files.phone_photo(900, 600), alt_text="Ma rue"
    )
    letter = attach_directly(draft, OwnerKind.PROPOSAL, amina, files.pdf(), title="Lettre")
    attach_directly(a_draft(other), OwnerKind.PROPOSAL, other, title="Pas à elle")
    client.login("amina@example.org")
    served = client.get(f"/files/{photo.token}").get_data()

    page = client.get("/account/data").get_data(as_text=True)
    assert "Download with the attached files (ZIP)" in page
    response = client.submit("/account/data", {"password": PASSWORD, "format": "zip"})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="council-data-{amina.id}.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
        listed = data["files_attached"]
        assert [f["title"] for f in listed] == ["Annexe", "Lettre"]
        assert names == ["data.json", *(f["in_zip"] for f in listed)]
        assert listed[0]["attached_to"] == {"kind": "proposal", "id": draft.id}
        assert archive.read(listed[0]["in_zip"]) == served
        assert files.gps_of(archive.read(listed[0]["in_zip"])) == {}
        assert archive.read(listed[1]["in_zip"]) == files.pdf()
        assert listed[1]["in_zip"] == f"files/{letter.id}-annexe.pdf"

    plain = client.submit("/account/data", {"password": PASSWORD})
    assert plain.mimetype == "application/json"
    assert [f["title"] for f in json.loads(plain.get_data())["files_attached"]] == [
        "Annexe",
        "Lettre",
    ]


def test_a_wrong_password_gives_no_zip(client, make_user):
    make_user(Role.MEMBER, email="amina@example.org")
    client.login("amina@example.org")
    refused = client.submit("/account/data", {"password": "nope", "format": "zip"})
    assert refused.status_code == 200 and refused.mimetype == "text/html"
