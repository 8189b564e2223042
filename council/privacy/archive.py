"""The personal data download as a ZIP: `data.json` and every file the person attached.

Written as it is sent: the ZIP is built into a small buffer that is emptied after each piece,
and each file is read from storage piece by piece, so a person with many large files costs a
worker no more memory than one piece (zipfile writes sizes after each member when the output
cannot seek back)."""

import io
import json
import zipfile
from types import SimpleNamespace

from sqlalchemy import select

from council.attachments.models import Attachment, FileKind
from council.attachments.storage import storage_named
from council.extensions import db
from council.privacy.export import archive_name, personal_data

# Already compressed: deflating them again costs time and saves nothing.
STORED_AS_IS = {kind for kind in FileKind if kind != FileKind.TEXT}


class _Outgoing(io.RawIOBase):
    """A write-only stream whose bytes are taken away as soon as they are written."""

    def __init__(self) -> None:
        self.pending = bytearray()
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.pending += data
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def take(self) -> bytes:
        data = bytes(self.pending)
        self.pending.clear()
        return data


def personal_archive(person):
    """A generator of the ZIP's bytes. Everything that needs the request (the data, the list
    of files, where each is read from) is gathered now; the generator runs after the view
    has returned, outside its context."""
    data = json.dumps(personal_data(person), ensure_ascii=False, indent=2).encode()
    query = select(Attachment).where(Attachment.uploaded_by_id == person.id)
    members = [
        (_member_info(attachment), _reader(attachment))
        for attachment in db.session.scalars(query.order_by(Attachment.id))
    ]
    return _zip_stream(data, members)


def _member_info(attachment) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(archive_name(attachment), attachment.created_at.timetuple()[:6])
    info.compress_type = (
        zipfile.ZIP_STORED if attachment.file_kind in STORED_AS_IS else zipfile.ZIP_DEFLATED
    )
    info.file_size = attachment.size  # tells zipfile whether the member needs ZIP64
    return info


def _reader(attachment):
    """The file's pieces, read only when the ZIP reaches it."""
    storage = storage_named(attachment.storage)
    where = SimpleNamespace(id=attachment.id, token=attachment.token)
    if storage.name == "database":
        return storage.read(where, "file")  # a lazy generator already (its engine is taken now)
    return _later(storage, where)


def _later(storage, where):
    yield from storage.read(where, "file")


def _zip_stream(data: bytes, members):
    out = _Outgoing()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", data)
        yield out.take()
        for info, pieces in members:
            with archive.open(info, "w") as member:
                for piece in pieces:
                    member.write(piece)
                    yield out.take()
    yield out.take()
