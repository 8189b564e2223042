"""Pictures are drawn again on the server: only their pixels are kept.

A new image is made from the decoded pixels, so no metadata survives (EXIF with the GPS
position, camera and author; XMP; ICC; comments; text chunks; anything after the image's end).
The phone's orientation is applied first. The longest side is bounded (ATTACHMENT_IMAGE_MAX_SIDE)
and a small preview is made (ATTACHMENT_PREVIEW_SIDE). An animated picture keeps its first frame.

Decompression bombs: Pillow refuses images above Image.MAX_IMAGE_PIXELS (set from
ATTACHMENT_MAX_IMAGE_PIXELS at start-up) and its warning below that is an error here; the size in
the header is checked before any pixel is decoded, and a JPEG is decoded at a reduced scale
when it is far larger than what is kept (`draft`).
"""

import io
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from council.attachments.content import DAMAGED, RefusedFile, setting
from council.attachments.models import FileKind

PIL_FORMATS = {FileKind.PNG: "PNG", FileKind.JPEG: "JPEG", FileKind.WEBP: "WEBP"}
TOO_MANY_PIXELS = _l("This picture is too large: at most %(limit)s million pixels are accepted.")


@dataclass(frozen=True)
class Redrawn:
    data: bytes
    preview: bytes
    width: int
    height: int


def configure_pillow(app) -> None:
    Image.MAX_IMAGE_PIXELS = app.config["ATTACHMENT_MAX_IMAGE_PIXELS"]


def redraw_image(stream, kind: FileKind) -> Redrawn:
    max_pixels = setting("ATTACHMENT_MAX_IMAGE_PIXELS")
    too_many = TOO_MANY_PIXELS % {"limit": max_pixels // 1_000_000}
    stream.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(stream, formats=[PIL_FORMATS[kind]]) as picture:
                if picture.width * picture.height > max_pixels:
                    raise RefusedFile(too_many)
                pixels = _pixels_of(picture, setting("ATTACHMENT_IMAGE_MAX_SIDE"))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise RefusedFile(too_many) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            raise RefusedFile(DAMAGED) from error
    data = _encode(pixels, kind)
    preview = pixels.copy()
    preview.thumbnail((setting("ATTACHMENT_PREVIEW_SIDE"),) * 2)
    return Redrawn(data, _encode(preview, kind), pixels.width, pixels.height)


def _pixels_of(picture: Image.Image, max_side: int) -> Image.Image:
    """A new image holding only the (upright, bounded) pixels of the picture's first frame."""
    if picture.format == "JPEG":
        picture.draft("RGB", (max_side, max_side))
    upright = ImageOps.exif_transpose(picture)
    upright.thumbnail((max_side, max_side))
    mode = "RGB" if picture.format == "JPEG" else _kept_mode(upright.mode)
    if upright.mode != mode:
        upright = upright.convert(mode)
    clean = Image.new(mode, upright.size)
    clean.paste(upright)
    return clean


def _kept_mode(mode: str) -> str:
    if mode in {"RGB", "RGBA", "L", "LA"}:
        return mode
    return "RGBA" if "A" in mode or mode == "P" else "RGB"


def _encode(picture: Image.Image, kind: FileKind) -> bytes:
    out = io.BytesIO()
    if kind == FileKind.JPEG:
        picture.save(out, "JPEG", quality=85, optimize=True)
    elif kind == FileKind.PNG:
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "WEBP", quality=85)
    return out.getvalue()
