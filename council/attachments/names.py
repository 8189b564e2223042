"""The name a file is shown and saved under: never a path, never what the sender chose blindly.

The name only labels the file (the bytes live under a random token, never under it). It keeps
its last path segment, loses control, bidi and other invisible characters (`single_line`, the
shared sanitiser of one-line texts), characters that file systems refuse, and leading dots;
its extension is the one of the type found in the content ("photo.pdf" that is a JPEG is saved
as "photo.jpg").
"""

import re

from council.attachments.content import EXTENSIONS
from council.attachments.models import FILENAME_MAX, FileKind
from council.forms import single_line

RESERVED = re.compile(r'[\\/:*?"<>|]')
STEM_MAX = FILENAME_MAX - 10


def clean_filename(raw: str | None, kind: FileKind) -> str:
    name = single_line(raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = RESERVED.sub("_", name).strip().lstrip(".").strip()
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" ._")[:STEM_MAX].strip() or "document"
    return stem + EXTENSIONS[kind]
