"""Large uploads: refused by their announced length or by counting a body sent in chunks, and
a 50 MB file goes in and out of the database without ever sitting whole in memory."""

import http.client
import io
import tracemalloc

import pytest
from sqlalchemy import select

from council.attachments.models import Attachment, AttachmentChunk
from council.extensions import db
from council.roles import Role
from tests.live_server import Browser, LiveServer
from tests.proposal_factories import a_draft, count

BOUNDARY = "papers-boundary"


def multipart_head(token: str, name: str = "big.txt") -> bytes:
    fields = {"csrf_token": token, "title": "Big", "language": "fr", "alt_text": ""}
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        for key, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    )
    return "".join(parts).encode()


TAIL = f"\r\n--{BOUNDARY}--\r\n".encode()


@pytest.fixture
def small_limit(app):
    saved = app.config["ATTACHMENT_MAX_BYTES"]
    app.config["ATTACHMENT_MAX_BYTES"] = 1024 * 1024
    yield
    app.config["ATTACHMENT_MAX_BYTES"] = saved


@pytest.mark.committed  # a live server's threads
def test_a_body_sent_in_chunks_is_counted_and_refused_past_the_limit(app, make_user, small_limit):
    author = make_user(Role.MEMBER, email="amina@example.org")
    draft = a_draft(author)
    url = f"/attachments/proposal/{draft.id}/new"
    with LiveServer(app) as server:
        browser = Browser(server.url)
        browser.login("amina@example.org")
        token = browser.csrf_token(url)
        cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
        connection = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=60)
        connection.putrequest("POST", url)
        connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.putheader("Cookie", cookie)
        connection.putheader("Accept-Language", "en")
        connection.endheaders()

        def send(data: bytes) -> None:
            connection.send(b"%x\r\n%s\r\n" % (len(data), data))

        send(multipart_head(token))
        try:
            for _ in range(8):  # 8 MB announced nowhere, limit 1 MB (+ room for the fields)
                send(b"a" * 2**20)
            send(TAIL)
            connection.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading once past the limit
        answer = connection.getresponse()
        page = answer.read().decode()
    assert answer.status == 413
    assert "Each file may be at most 1 MB" in page
    assert count(Attachment) == 0 and count(AttachmentChunk) == 0


def test_fifty_megabytes_in_and_out_without_holding_the_file(app, client, make_user, tmp_path):
    """Peak Python memory while uploading and while downloading a 50 MB file (database
    storage): Werkzeug spools the upload to a temporary file, the bytes go to the database in
    256 KiB rows and come back one row at a time."""
    size = 50 * 2**20
    saved = app.config["ATTACHMENT_MAX_BYTES"], app.config["ATTACHMENTS_MAX_BYTES_PER_OBJECT"]
    app.config["ATTACHMENT_MAX_BYTES"] = app.config["ATTACHMENTS_MAX_BYTES_PER_OBJECT"] = 60 * 2**20
    try:
        author = make_user(Role.MEMBER, email="amina@example.org")
        draft = a_draft(author)
        client.login("amina@example.org")
        url = f"/attachments/proposal/{draft.id}/new"
        body = tmp_path / "body"
        line = b"Compte rendu de la commission logement, ligne de texte.\n"
        with body.open("wb") as out:
            out.write(multipart_head(client.csrf_token(url)))
            for _ in range(size // len(line)):
                out.write(line)
            out.write(TAIL)
        tracemalloc.start()
        with body.open("rb") as stream:
            response = client.post(
                url, input_stream=stream,
                content_type=f"multipart/form-data; boundary={BOUNDARY}",
                environ_overrides={"CONTENT_LENGTH": str(body.stat().st_size)},
            )  # fmt: skip
        upload_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        attachment = db.session.scalar(select(Attachment))
        served = client.get(f"/files/{attachment.token}")
        received = sum(len(piece) for piece in served.response)
        download_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    finally:
        app.config["ATTACHMENT_MAX_BYTES"], app.config["ATTACHMENTS_MAX_BYTES_PER_OBJECT"] = saved
    assert received == attachment.size == (size // len(line)) * len(line)
    print(f"peak Python memory: upload {upload_peak / 2**20:.1f} MiB, "
          f"download {download_peak / 2**20:.1f} MiB")  # fmt: skip
    assert upload_peak < 8 * 2**20
    assert download_peak < 4 * 2**20


def test_the_room_left_on_an_object_is_said_before_and_enforced_after(app, client, make_user):
    saved = app.config["ATTACHMENTS_MAX_BYTES_PER_OBJECT"]
    app.config["ATTACHMENTS_MAX_BYTES_PER_OBJECT"] = 300 * 1024
    try:
        author = make_user(Role.MEMBER, email="amina@example.org")
        draft = a_draft(author)
        client.login("amina@example.org")
        url = f"/attachments/proposal/{draft.id}/new"
        page = client.get(url).get_data(as_text=True)
        assert "Room left for files here: 300 kB of 300 kB." in page

        def send(size: int, title: str):
            form = {"title": title, "language": "fr", "alt_text": ""}
            form["file"] = (io.BytesIO(b"a" * (size - 1) + b"\n"), f"{title}.txt")
            return client.submit(url, form, content_type="multipart/form-data")

        assert send(200 * 1024, "first").status_code == 303
        page = client.get(url).get_data(as_text=True)
        assert "Room left for files here: 100 kB of 300 kB." in page
        refused = send(150 * 1024, "second")
        assert refused.status_code == 200
        assert "The files here would take more than 300 kB in all." in refused.text
        assert count(Attachment) == 1 and send(90 * 1024, "third").status_code == 303
    finally:
        app.config["ATTACHMENTS_MAX_BYTES_PER_OBJECT"] = saved
