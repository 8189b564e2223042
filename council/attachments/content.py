"""What a file is, told by its bytes, never by its name; and whether it is safe to keep.

Accepted: PDF, ODT, DOCX, ODS, XLSX, PNG, JPEG, WebP and plain text (UTF-8). Everything is read
from the uploaded stream (Werkzeug spools a large upload to a temporary file) in pieces, so a
file is never held whole in memory.

The rules, in order:
- size: refused beyond the per-file limit, and an empty file is refused;
- type: by the first bytes (magic numbers); a ZIP is an OpenDocument or Office Open XML file
  only when it has the right members (`mimetype`, `content.xml`; `[Content_Types].xml`,
  `word/document.xml` or `xl/workbook.xml`);
- ZIP-based documents (no extraction to disk): at most ZIP_MAX_MEMBERS members, no encrypted
  member, no macros (`vbaProject.bin`, ODF `Basic/` or `Scripts/`), no member name that climbs
  out (`..`, absolute), each member at most ZIP_MAX_RATIO times its compressed size, the
  declared and the actual uncompressed sizes (read and counted, CRC checked) within
  ZIP_MAX_UNCOMPRESSED;
- PDF: starts with `%PDF-`, ends with `%%EOF` (nothing hidden after it), and no name among
  /JavaScript, /JS, /Launch, /EmbeddedFile(s), /RichMedia, /SubmitForm, /ImportData, /GoToE,
  /XFA appears, neither in the raw bytes (also when spelt with #xx escapes) nor inside any
  Flate-compressed stream (object streams included), inflated within the same ratio bound;
- images: no other format's signature hidden inside (a ZIP, a PDF, HTML or script: the
  "GIFAR" and "HTML in a comment" polyglots); the image itself is then re-encoded
  (`images.py`), so nothing of the uploaded bytes is ever served;
- text: valid UTF-8 without control characters (but tab, line ends and form feed), and not
  markup (a first character `<`: HTML, SVG, XML).
"""

import codecs
import hashlib
import re
import zipfile
import zlib
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from council.attachments.models import FileKind
from council.attachments.sizes import human_size

CHUNK = 256 * 1024
OVERLAP = 256  # bytes kept from the previous piece, so a word cut in two is still found

CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.WEBP: "image/webp",
    FileKind.TEXT: "text/plain; charset=utf-8",
}
EXTENSIONS = {
    FileKind.PDF: ".pdf",
    FileKind.ODT: ".odt",
    FileKind.ODS: ".ods",
    FileKind.DOCX: ".docx",
    FileKind.XLSX: ".xlsx",
    FileKind.PNG: ".png",
    FileKind.JPEG: ".jpg",
    FileKind.WEBP: ".webp",
    FileKind.TEXT: ".txt",
}
# For the `accept` attribute of the file field (a hint to the browser; the server decides).
ACCEPT = ",".join(
    [*sorted(set(EXTENSIONS.values())), *sorted({t.split(";")[0] for t in CONTENT_TYPES.values()})]
)

NOT_ACCEPTED = _l(
    "This kind of file is not accepted. Send a PDF, a text document (ODT, DOCX), a "
    "spreadsheet (ODS, XLSX), a picture (PNG, JPEG, WebP) or plain text."
)
EMPTY = _l("This file is empty.")
TOO_LARGE = _l("This file is too large: each file may be at most %(limit)s.")
DAMAGED = _l("This file is damaged or is not what it claims to be, so it is not accepted.")
PDF_ACTIVE = _l(
    "This PDF contains scripts, actions that start programs or files hidden inside, which are "
    "not accepted. Print it to a new PDF and send that one."
)
EXPANDS = _l(
    "This file unpacks to far more than its size (it may be a compression bomb), so it is not "
    "accepted."
)
MACROS = _l(
    "This document contains macros, which are not accepted. Save it without macros and send "
    "it again."
)
ENCRYPTED = _l("This document is protected by a password, so it cannot be accepted.")
HIDDEN_FILE = _l("This file hides another kind of file inside it, so it is not accepted.")


class RefusedFile(Exception):
    """A file that is not kept; `message` is translated, for the person who sent it."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Inspected:
    kind: FileKind
    size: int
    sha256: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def setting(name: str):
    return current_app.config[name]


def inspect_upload(stream, max_bytes: int) -> Inspected:
    """Say what the file is, or raise RefusedFile. The stream must be seekable."""
    size, digest, head = _measure(stream, max_bytes)
    kind = _sniff(head)
    if kind is None:
        raise RefusedFile(NOT_ACCEPTED)
    if kind == "zip":
        kind = _check_zip(stream, size)
    elif kind == FileKind.PDF:
        _check_pdf(stream, size)
    elif kind.is_image:
        _check_no_hidden_file(stream)
    else:
        _check_text(stream)
    stream.seek(0)
    return Inspected(kind, size, digest)


def _measure(stream, max_bytes: int) -> tuple[int, str, bytes]:
    stream.seek(0)
    digest = hashlib.sha256()
    size = 0
    head = b""
    while piece := stream.read(CHUNK):
        if not head:
            head = piece[:8192]
        size += len(piece)
        if size > max_bytes:
            raise RefusedFile(TOO_LARGE % {"limit": human_size(max_bytes)})
        digest.update(piece)
    if size == 0:
        raise RefusedFile(EMPTY)
    return size, digest.hexdigest(), head


def _sniff(head: bytes):
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind.WEBP
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if _looks_like_text(head):
        return FileKind.TEXT
    return None


# --- text ---------------------------------------------------------------------------------

TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _looks_like_text(head: bytes) -> bool:
    text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="ignore")
    return bool(text.strip()) and not TEXT_CONTROL.search(text)


def _check_text(stream) -> None:
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    while True:
        piece = stream.read(CHUNK)
        try:
            text = decoder.decode(piece, final=not piece)
        except UnicodeDecodeError as error:
            raise RefusedFile(NOT_ACCEPTED) from error
        if first and text:
            if text.lstrip("\ufeff \t\r\n").startswith("<"):
                raise RefusedFile(NOT_ACCEPTED)  # HTML, SVG or XML: markup, not plain text
            first = False
        if TEXT_CONTROL.search(text):
            raise RefusedFile(NOT_ACCEPTED)
        if not piece:
            return


# --- images: another file hidden inside ---------------------------------------------------

HIDDEN_SIGNATURES = re.compile(
    rb"PK\x03\x04[\x0a\x14\x2d]\x00|PK\x05\x06|%PDF-|<script|<html|<svg|<\?php|<iframe"
    rb"|<!doctype|<body|<object|<embed|javascript:",
    re.IGNORECASE,
)


def _check_no_hidden_file(stream) -> None:
    for _offset, window in _windows(stream):
        if HIDDEN_SIGNATURES.search(window):
            raise RefusedFile(HIDDEN_FILE)


def _windows(stream):
    """(offset, bytes): the stream in pieces, each starting with the end of the one before."""
    stream.seek(0)
    tail = b""
    position = 0
    while piece := stream.read(CHUNK):
        yield position - len(tail), tail + piece
        position += len(piece)
        tail = piece[-OVERLAP:]


# --- PDF ----------------------------------------------------------------------------------

DANGEROUS_NAMES = {
    b"javascript",
    b"js",
    b"launch",
    b"embeddedfile",
    b"embeddedfiles",
    b"richmedia",
    b"submitform",
    b"importdata",
    b"gotoe",
    b"xfa",
}
# A name that may be dangerous: it starts like one of them (or with a #xx escape), which
# leaves most of the "/" in a scan's pixels alone.
PDF_NAME = re.compile(rb"/([JjLlEeRrSsIiGgXx#][^\s/<>\[\]()%{}]{0,63})")
HEX_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
STREAM_START = re.compile(rb"stream\r?\n")  # not after "end": see _stream_starts


def _dangerous_names(data: bytes):
    """Where a dangerous name starts in `data` (after #xx escapes are read)."""
    for match in PDF_NAME.finditer(data):
        name = HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        if name.lower() in DANGEROUS_NAMES:
            yield match.start()


def _has_dangerous_name(data: bytes) -> bool:
    return next(_dangerous_names(data), None) is not None


# The pixels of a scanned page or a photo: data no reader parses for objects, where random
# bytes spell "/JS" now and then (about once in 50 MB). Skipped only when the stream is well
# formed: an image filter, not an object stream, and its direct /Length ends on `endstream`.
IMAGE_FILTERS = re.compile(rb"/(DCTDecode|JPXDecode|CCITTFaxDecode|JBIG2Decode)\b")
LENGTH = re.compile(rb"/Length\s+(\d+)(?!\d)(?!\s+\d+\s+R)")
OBJECT_TYPES = re.compile(rb"/Type\s*/(ObjStm|XRef)\b")


def _stream_starts(window: bytes):
    """Where stream data begins: after `stream` and its line end, never after `endstream`
    (a look-behind in the pattern made the search ten times slower)."""
    for match in STREAM_START.finditer(window):
        if window[max(0, match.start() - 3) : match.start()] != b"end":
            yield match.end()


def _image_stream_end(stream, start: int, size: int) -> int | None:
    """Where the image data starting at `start` ends, or None if it is not plainly one."""
    stream.seek(max(0, start - 2048))
    before = stream.read(start - max(0, start - 2048))
    head = before[before.rfind(b" obj") + 4 :] if b" obj" in before else b""
    length = LENGTH.search(head)
    if not IMAGE_FILTERS.search(head) or OBJECT_TYPES.search(head) or length is None:
        return None
    end = start + int(length.group(1))
    if end > size:
        return None
    stream.seek(end)
    if not stream.read(32).lstrip(b"\r\n \t").startswith(b"endstream"):
        return None
    return end


def _check_pdf(stream, size: int) -> None:
    stream.seek(max(0, size - 65536))
    if b"%%EOF" not in stream.read():
        raise RefusedFile(DAMAGED)
    stream.seek(max(0, size - 1024))
    end = stream.read()
    after = end[end.rfind(b"%%EOF") + 5 :] if b"%%EOF" in end else b"x" * 2048
    if after.strip(b"\r\n\t \x00"):
        raise RefusedFile(HIDDEN_FILE)  # bytes after the end of the PDF: another file
    starts, hits = set(), []
    for offset, window in _windows(stream):
        hits.extend(offset + position for position in _dangerous_names(window))
        starts.update(offset + end for end in _stream_starts(window))
    if hits:
        images = [(start, _image_stream_end(stream, start, size)) for start in sorted(starts)]
        images = [(start, end) for start, end in images if end is not None]
        if any(not any(start <= hit < end for start, end in images) for hit in hits):
            raise RefusedFile(PDF_ACTIVE)
    budget = [min(size * setting("ATTACHMENT_ZIP_MAX_RATIO"), setting("ATTACHMENT_MAX_UNPACKED"))]
    for start in sorted(starts):
        _scan_compressed_stream(stream, start, budget)


def _scan_compressed_stream(stream, start: int, budget: list[int]) -> None:
    """Inflate one stream (when it is Flate data) and look for dangerous names inside it."""
    stream.seek(start)
    inflater = zlib.decompressobj()
    tail = b""
    while not inflater.eof:
        pending = inflater.unconsumed_tail or stream.read(65536)
        if not pending:
            return
        try:
            out = inflater.decompress(pending, CHUNK)
        except zlib.error:
            return  # not Flate data (an image, or another filter): nothing to inflate
        budget[0] -= len(out)
        if budget[0] < 0:
            raise RefusedFile(EXPANDS)
        if _has_dangerous_name(tail + out):
            raise RefusedFile(PDF_ACTIVE)
        tail = out[-OVERLAP:]


# --- ZIP-based documents ------------------------------------------------------------------

ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": FileKind.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": FileKind.ODS,
}


def _check_zip(stream, size: int) -> FileKind:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            _check_zip_members(members)
            kind = _zip_document_kind(archive, members)
            _check_actual_sizes(archive, members)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise RefusedFile(DAMAGED) from error
    except NotImplementedError as error:  # a compression method zipfile cannot read
        raise RefusedFile(DAMAGED) from error
    return kind


def _check_zip_members(members) -> None:
    if len(members) > setting("ATTACHMENT_ZIP_MAX_MEMBERS"):
        raise RefusedFile(EXPANDS)
    ratio = setting("ATTACHMENT_ZIP_MAX_RATIO")
    declared = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise RefusedFile(ENCRYPTED)
        name = info.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/"):
            raise RefusedFile(DAMAGED)
        lowered = name.lower()
        if lowered.endswith("vbaproject.bin") or lowered.startswith(("basic/", "scripts/")):
            raise RefusedFile(MACROS)
        if info.file_size > 1024 * 1024 and info.file_size > ratio * max(info.compress_size, 1):
            raise RefusedFile(EXPANDS)
        declared += info.file_size
    if declared > setting("ATTACHMENT_MAX_UNPACKED"):
        raise RefusedFile(EXPANDS)


def _zip_document_kind(archive, members) -> FileKind:
    names = {info.filename for info in members}
    first = members[0] if members else None
    if first is not None and first.filename == "mimetype" and first.file_size < 100:
        kind = ODF_TYPES.get(archive.read(first).strip())
        if kind is not None and "content.xml" in names and "META-INF/manifest.xml" in names:
            return kind
    if "[Content_Types].xml" in names:
        types = archive.open("[Content_Types].xml").read(1024 * 1024)
        if b"macroEnabled" in types:
            raise RefusedFile(MACROS)
        if "word/document.xml" in names:
            return FileKind.DOCX
        if "xl/workbook.xml" in names:
            return FileKind.XLSX
    raise RefusedFile(NOT_ACCEPTED)


def _check_actual_sizes(archive, members) -> None:
    """Inflate every member, counting (never writing): a member that unpacks to more than
    its header says, or past the total bound, is a bomb; a wrong CRC is damage."""
    total = 0
    limit = setting("ATTACHMENT_MAX_UNPACKED")
    for info in members:
        counted = 0
        with archive.open(info) as member:
            while piece := member.read(CHUNK):
                counted += len(piece)
                total += len(piece)
                if counted > info.file_size or total > limit:
                    raise RefusedFile(EXPANDS)
