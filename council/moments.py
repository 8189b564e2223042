"""Dates and times as people read them: the day in a chosen width, the time to the minute.

Babel's "full" and "medium" datetime formats print seconds and, for "full", the time zone's
long name ("18:00:00 heure normale d’Europe centrale"): noise for a meeting at six. The locale's
own pattern for joining a date and a time is kept.
"""

from datetime import datetime

from babel import Locale
from flask_babel import format_datetime, get_locale


def moment_pattern(locale: Locale, date_width: str) -> str:
    date = locale.date_formats[date_width].pattern
    time = locale.time_formats["short"].pattern
    joiner = locale.datetime_formats.get(date_width) or locale.datetime_formats["medium"]
    return str(joiner).format(time, date)


def moment(value: datetime | None, date_width: str = "full") -> str:
    """`value` (aware, UTC) in the council's time zone, e.g. "mercredi 2 décembre 2026, 18:00"."""
    if value is None:
        return ""
    return format_datetime(value, moment_pattern(get_locale(), date_width))
