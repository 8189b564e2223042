"""Where an attachment's bytes live, behind one small interface.

- `DatabaseStorage` (the default, `ATTACHMENT_STORAGE=database`): rows of at most
  CHUNK_SIZE bytes in `attachment_chunks`, written in the request's transaction (the file and
  its description commit or vanish together) and read one row at a time; the database's
  foreign keys delete them with their attachment. One backup of the database holds them.
- `S3Storage` (`ATTACHMENT_STORAGE=s3`): an S3-compatible bucket through boto3, each part an
  object `<prefix><token>/<part>`, uploaded in pieces (multipart) and read as a stream.
  Objects of deleted attachments are removed after the commit; `flask attachments sweep`
  removes any left behind (a transaction that failed after the upload, an owner deleted by a
  cascade).

Every part is written from an iterable of byte strings and read back as a generator, so no
worker holds a whole file.
"""

from collections.abc import Iterable, Iterator

from flask import current_app
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from council.attachments.models import Attachment, AttachmentChunk
from council.extensions import db

CHUNK_SIZE = 256 * 1024
PARTS = ("file", "preview")


def pieces(stream, size: int = CHUNK_SIZE) -> Iterator[bytes]:
    stream.seek(0)
    while piece := stream.read(size):
        yield piece


def split(data: bytes, size: int = CHUNK_SIZE) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


class MissingFile(Exception):
    """The bytes of an attachment are not where its row says (a bucket restored apart)."""


class DatabaseStorage:
    name = "database"

    def save(self, attachment: Attachment, part: str, chunks: Iterable[bytes]) -> None:
        for seq, data in enumerate(_rechunked(chunks)):
            db.session.execute(
                insert(AttachmentChunk).values(
                    attachment_id=attachment.id, part=part, seq=seq, data=data
                )
            )

    def read(self, attachment: Attachment, part: str) -> Iterator[bytes]:
        return _read_rows(db.engine, attachment.id, part)

    def discard(self, attachment: Attachment) -> None:
        db.session.execute(
            delete(AttachmentChunk).where(AttachmentChunk.attachment_id == attachment.id)
        )

    def stored_objects(self) -> dict:
        return {}  # rows go with their attachment (foreign keys): nothing is ever left behind


def _read_rows(engine, attachment_id: int, part: str) -> Iterator[bytes]:
    """The pieces in order, each read on a short connection of its own: a slow download holds
    no transaction open, and the generator needs no request context once it is made."""
    seq = 0
    while True:
        with engine.connect() as connection:
            data = connection.execute(
                select(AttachmentChunk.data).where(
                    AttachmentChunk.attachment_id == attachment_id,
                    AttachmentChunk.part == part,
                    AttachmentChunk.seq == seq,
                )
            ).scalar()
        if data is None:
            return
        yield bytes(data)
        seq += 1


def _rechunked(chunks: Iterable[bytes]) -> Iterator[bytes]:
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= CHUNK_SIZE:
            yield bytes(buffer[:CHUNK_SIZE])
            del buffer[:CHUNK_SIZE]
    if buffer:
        yield bytes(buffer)


class S3Storage:
    name = "s3"

    def __init__(self, config) -> None:
        import boto3  # only installations that choose S3 load it

        self.bucket = config["ATTACHMENT_S3_BUCKET"]
        self.prefix = config.get("ATTACHMENT_S3_PREFIX", "attachments/")
        self.client = boto3.client(
            "s3",
            endpoint_url=config.get("ATTACHMENT_S3_ENDPOINT_URL") or None,
            region_name=config.get("ATTACHMENT_S3_REGION") or None,
        )

    def key(self, attachment: Attachment, part: str) -> str:
        return f"{self.prefix}{attachment.token}/{part}"

    def save(self, attachment: Attachment, part: str, chunks: Iterable[bytes]) -> None:
        key = self.key(attachment, part)
        upload = self.client.create_multipart_upload(Bucket=self.bucket, Key=key)
        done = []
        try:
            # S3 wants parts of at least 5 MiB (but the last).
            for number, body in enumerate(_grouped(chunks, 5 * 1024 * 1024), start=1):
                answer = self.client.upload_part(
                    Bucket=self.bucket, Key=key, UploadId=upload["UploadId"],
                    PartNumber=number, Body=body,
                )  # fmt: skip
                done.append({"ETag": answer["ETag"], "PartNumber": number})
            self.client.complete_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload["UploadId"],
                MultipartUpload={"Parts": done},
            )  # fmt: skip
        except Exception:
            self.client.abort_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload["UploadId"]
            )
            raise
        _forget_on_rollback(self, attachment)

    def read(self, attachment: Attachment, part: str) -> Iterator[bytes]:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(attachment, part))
        except self.client.exceptions.NoSuchKey as error:
            raise MissingFile(attachment.token) from error
        return answer["Body"].iter_chunks(CHUNK_SIZE)

    def discard(self, attachment: Attachment) -> None:
        keys = [self.key(attachment, part) for part in PARTS]
        pending = db.session.info.setdefault("s3_discard_after_commit", [])
        pending.extend(keys)

    def delete_keys(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            objects = [{"Key": key} for key in keys[start : start + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": objects})

    def stored_objects(self) -> dict:
        """Every object under the prefix: key → when it was last written."""
        found = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        ):
            found.update({item["Key"]: item["LastModified"] for item in page.get("Contents", [])})
        return found

    def token_of(self, key: str) -> str:
        return key[len(self.prefix) :].split("/", 1)[0]


def _grouped(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) >= size:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


def _forget_on_rollback(storage: S3Storage, attachment: Attachment) -> None:
    """An upload whose transaction is rolled back leaves objects nobody points to."""
    pending = db.session.info.setdefault("s3_delete_on_rollback", [])
    pending.extend(storage.key(attachment, part) for part in PARTS)


@event.listens_for(Session, "after_commit", propagate=True)
def _after_commit(session) -> None:
    keys = session.info.pop("s3_discard_after_commit", [])
    session.info.pop("s3_delete_on_rollback", None)
    if keys:
        _delete_quietly(keys)


@event.listens_for(Session, "after_soft_rollback", propagate=True)
def _after_rollback(session, previous_transaction) -> None:
    if previous_transaction.nested:
        return
    session.info.pop("s3_discard_after_commit", None)
    keys = session.info.pop("s3_delete_on_rollback", [])
    if keys:
        _delete_quietly(keys)


def _delete_quietly(keys: list[str]) -> None:
    storage = current_storage()
    if not isinstance(storage, S3Storage):
        return
    try:
        storage.delete_keys(keys)
    except Exception:  # the sweep removes them later; a failed clean-up must not fail a page
        current_app.logger.warning("could not delete %d attachment objects now", len(keys))


def current_storage():
    storage = current_app.extensions.get("attachment_storage")
    if storage is None:
        kind = current_app.config["ATTACHMENT_STORAGE"]
        storage = S3Storage(current_app.config) if kind == "s3" else DatabaseStorage()
        current_app.extensions["attachment_storage"] = storage
    return storage


def storage_named(name: str):
    current = current_storage()
    if current.name == name:
        return current
    if name == "database":
        return DatabaseStorage()
    return S3Storage(current_app.config)
