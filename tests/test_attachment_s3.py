"""S3-compatible storage, against a real S3 API server run by the test (moto's server mode):
files go to the bucket in parts and come back streamed, nothing stays in the database, removed
or rolled-back uploads leave no object, `flask attachments sweep` deletes what is left behind
and `flask attachments check` finds a missing object (whose link then answers 404)."""

import io
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import select

from council.attachments import cli as attachments_cli
from council.attachments.models import Attachment, AttachmentChunk, OwnerKind
from council.extensions import db
from council.roles import Role
from tests import attachment_files as files
from tests.attachment_files import attach_directly
from tests.fault_helpers import free_port
from tests.proposal_factories import a_draft, count

PREFIX = "council-files/"


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(app, s3_endpoint, monkeypatch):
    """A new bucket; the app stores its files there for the length of the test."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "council-test",
        "AWS_SECRET_ACCESS_KEY": "council-test-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    name = f"council-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=name)
    settings = {
        "ATTACHMENT_STORAGE": "s3",
        "ATTACHMENT_S3_BUCKET": name,
        "ATTACHMENT_S3_PREFIX": PREFIX,
        "ATTACHMENT_S3_ENDPOINT_URL": s3_endpoint,
        "ATTACHMENT_S3_REGION": "us-east-1",
    }
    saved = {key: app.config[key] for key in settings}
    app.config.update(settings)
    app.extensions.pop("attachment_storage", None)
    yield s3, name
    app.config.update(saved)
    app.extensions.pop("attachment_storage", None)


def objects(bucket) -> dict[str, int]:
    s3, name = bucket
    listed = s3.list_objects_v2(Bucket=name).get("Contents", [])
    return {item["Key"]: item["Size"] for item in listed}


@pytest.fixture
def author(make_user, client):
    person = make_user(Role.MEMBER, email="amina@example.org")
    client.login("amina@example.org")
    return person


def upload(client, draft, data: bytes, name: str, **fields):
    form = {"title": "Annexe", "language": "fr", "alt_text": "", **fields}
    form["file"] = (io.BytesIO(data), name)
    url = f"/attachments/proposal/{draft.id}/new"
    return client.submit(url, form, content_type="multipart/form-data")


def test_files_go_to_the_bucket_in_parts_and_come_back(client, author, bucket):
    draft = a_draft(author)
    line = b"Rapport de la commission, une ligne de texte.\n"
    report = line * (12 * 2**20 // len(line))  # 12 MB: three parts of a multipart upload
    assert upload(client, draft, report, "rapport.txt").status_code == 303
    photo = files.phone_photo()
    assert upload(client, draft, photo, "p.jpg", alt_text="La rampe").status_code == 303
    text, picture = db.session.scalars(select(Attachment).order_by(Attachment.id))
    assert text.storage == picture.storage == "s3"
    assert count(AttachmentChunk) == 0  # no byte in the database
    stored = objects(bucket)
    assert stored[f"{PREFIX}{text.token}/file"] == len(report)
    assert set(stored) == {
        f"{PREFIX}{text.token}/file",
        f"{PREFIX}{picture.token}/file",
        f"{PREFIX}{picture.token}/preview",
    }
    served = client.get(f"/files/{text.token}")
    assert served.is_streamed and served.headers["Content-Length"] == str(len(report))
    assert served.get_data() == report
    assert files.gps_of(client.get(f"/files/{picture.token}").get_data()) == {}
    assert client.get(f"/files/{picture.token}/preview").mimetype == "image/jpeg"


def test_removed_and_rolled_back_files_leave_no_object(app, client, author, bucket):
    draft = a_draft(author)
    kept = attach_directly(draft, OwnerKind.PROPOSAL, author, title="Gardée")
    gone = attach_directly(draft, OwnerKind.PROPOSAL, author, title="Retirée")
    answer = client.submit(f"/files/{gone.token}/remove", {}, form_page=f"/proposals/{draft.id}")
    assert answer.status_code == 303
    assert set(objects(bucket)) == {f"{PREFIX}{kept.token}/file"}
    # An upload whose transaction fails after the bytes went to the bucket.
    with app.test_request_context():
        from council.attachments.operations import add_attachment

        add_attachment(
            draft, OwnerKind.PROPOSAL, author, stream=io.BytesIO(b"Brouillon\n"),
            original_name="x.txt", title="Annulée", language="fr",
        )  # fmt: skip
        assert len(objects(bucket)) == 2
        db.session.rollback()
    assert set(objects(bucket)) == {f"{PREFIX}{kept.token}/file"}


def test_sweep_deletes_objects_nobody_points_to_once_they_are_old(app, author, bucket, monkeypatch):
    s3, name = bucket
    draft = a_draft(author)
    live = attach_directly(draft, OwnerKind.PROPOSAL, author)
    s3.put_object(Bucket=name, Key=f"{PREFIX}left-behind/file", Body=b"orphan")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["attachments", "sweep"])
    assert "0 objects deleted, 2 kept" in result.output  # it may be an upload in progress
    from datetime import timedelta

    monkeypatch.setattr(attachments_cli, "SWEEP_GRACE", timedelta(0))
    result = runner.invoke(args=["attachments", "sweep"])
    assert result.exit_code == 0 and "1 objects deleted, 1 kept" in result.output
    assert set(objects(bucket)) == {f"{PREFIX}{live.token}/file"}


def test_check_finds_a_missing_object_and_its_link_answers_404(app, client, author, bucket):
    s3, name = bucket
    draft = a_draft(author)
    paper = attach_directly(draft, OwnerKind.PROPOSAL, author, files.pdf())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["attachments", "check"])
    assert result.exit_code == 0 and "1 files read back" in result.output
    s3.delete_object(Bucket=name, Key=f"{PREFIX}{paper.token}/file")
    result = runner.invoke(args=["attachments", "check"])
    assert result.exit_code == 1 and "unreadable" in result.output
    assert client.get(f"/files/{paper.token}").status_code == 404
