"""Files for the attachment tests, made here: real formats (Pillow, zipfile, WeasyPrint-free
PDFs written by hand) and hostile ones (renamed programs, scripts, bombs, polyglots)."""

import io
import struct
import zipfile
import zlib

from PIL import Image

from council.attachments import operations as attachments
from council.attachments.models import Attachment, OwnerKind
from council.extensions import db

GPS_IFD = 0x8825
GPS = {1: "N", 2: (45.0, 11.0, 30.5), 3: "E", 4: (5.0, 43.0, 12.25)}


def phone_photo(width=3000, height=2000) -> bytes:
    """A JPEG as a phone writes it: camera, author and the place it was taken (GPS) in EXIF."""
    picture = Image.new("RGB", (width, height), (30, 120, 200))
    for x in range(0, width, 50):
        picture.paste((200, 60, 20), (x, 0, x + 20, height))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x013B] = "Amina B."  # Artist
    exif[GPS_IFD] = GPS
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, quality=80)
    return out.getvalue()


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as picture:
        return dict(picture.getexif().get_ifd(GPS_IFD))


def png(width=40, height=30, **info) -> bytes:
    from PIL import PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    for key, value in info.items():
        meta.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 128, 0, 255)).save(out, "PNG", pnginfo=meta)
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (250, 200, 0)).save(out, "WEBP")
    return out.getvalue()


def pdf(body: bytes = b"", objects: list[bytes] | None = None) -> bytes:
    """A small valid PDF (one blank page); `objects` are added as objects 4, 5, …"""
    catalog_extra = body
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *(objects or []),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    )
    return out.getvalue()


def pdf_with_javascript() -> bytes:
    return pdf(b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>")


def pdf_with_escaped_javascript() -> bytes:
    return pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>")


def pdf_with_launch_in_object_stream() -> bytes:
    hidden = zlib.compress(b"5 0 << /Type /Action /S /Launch /F (calc.exe) >>")
    stream = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(
        hidden
    )
    return pdf(objects=[stream + hidden + b"\nendstream"])


def pdf_with_zip_after_end() -> bytes:
    return pdf() + docx()


def program_renamed_pdf() -> bytes:
    """The start of a Windows program (MZ header, PE signature), saved as invoice.pdf."""
    header = bytearray(512)
    header[0:2] = b"MZ"
    header[0x3C:0x40] = struct.pack("<I", 0x80)
    header[0x80:0x84] = b"PE\x00\x00"
    return bytes(header) + bytes(range(256)) * 8


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
HTML_AS_TEXT = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def _zip(members: dict[str, bytes], first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(first, members.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


CONTENT_TYPES_XML = (
    b'<?xml version="1.0"?><Types xmlns="x">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx(extra: dict[str, bytes] | None = None, types=CONTENT_TYPES_XML) -> bytes:
    return _zip(
        {"[Content_Types].xml": types, "word/document.xml": b"<w:document/>", **(extra or {})}
    )


def xlsx() -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES_XML, "xl/workbook.xml": b"<workbook/>"})


def odf(kind: str = "text") -> bytes:
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument." + kind.encode(),
            "content.xml": b"<office:document-content/>",
            "META-INF/manifest.xml": b"<manifest:manifest/>",
        },
        first="mimetype",
    )


def docx_with_macros() -> bytes:
    types = CONTENT_TYPES_XML.replace(
        b"application/xml", b"application/vnd.ms-word.document.macroEnabled.main+xml"
    )
    return docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(100)}, types=types)


def zip_bomb_docx(megabytes: int = 300) -> bytes:
    """A DOCX whose document.xml unpacks to `megabytes` MB of zeros (about 1000 times)."""
    out = io.BytesIO()
    zeros = bytes(2**20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(zeros)
    return out.getvalue()


def jpeg_with_zip_appended() -> bytes:
    """A GIFAR-like polyglot: a picture that is also an archive."""
    return phone_photo(200, 100) + docx()


def png_with_html_comment() -> bytes:
    return png(Comment="<html><script>alert(document.domain)</script></html>")


def png_bomb(side: int = 60000) -> bytes:
    """A PNG header announcing side × side pixels, with a tiny compressed body."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * (side + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def attach_directly(obj, kind: OwnerKind, by, data: bytes = b"Lettre\n", **fields) -> Attachment:
    values = {"title": "Annexe", "language": "fr", "alt_text": "", **fields}
    attachment = attachments.add_attachment(
        obj, kind, by, stream=io.BytesIO(data), original_name="annexe.txt", **values
    )
    db.session.commit()
    return attachment


def scanned_pdf(pixels: bytes, *, length_delta=0, dictionary=b"/Filter /DCTDecode") -> bytes:
    """A scanned page: one image stream whose bytes are whatever the scanner made."""
    image = b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 %s /Length %d >>\nstream\n" % (
        dictionary,
        len(pixels) + length_delta,
    )
    return pdf(objects=[image + pixels + b"\nendstream"])
