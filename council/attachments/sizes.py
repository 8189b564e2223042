"""Sizes as people read them, in their language ("2,5 Mo", "2.5 MB", "٢٫٥ م.ب")."""

from babel.units import format_unit
from flask_babel import get_locale

KIB = 1024
MIB = 1024 * 1024


def human_size(size: int) -> str:
    locale = get_locale() or "en"
    if size >= MIB:
        return format_unit(round(size / MIB, 1), "digital-megabyte", "short", locale=locale)
    if size >= KIB:
        return format_unit(round(size / KIB), "digital-kilobyte", "short", locale=locale)
    return format_unit(size, "digital-byte", "short", locale=locale)
