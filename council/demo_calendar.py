"""The demo's calendar: every date of its story is counted from today, in the city's time zone,
so that the story reads true whenever it is loaded (submitted → scheduled → debated → adopted →
transmitted → answered → followed up, in that order), with meetings on weekday evenings and
names that match their month.

`at(days, hour, minute)` runs the operations inside at that moment of the story; the rows they
write carry that date."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from council.db_types import clock_set_to
from council.extensions import db

CITY = ZoneInfo("Europe/Paris")
MEETING_HOUR = (18, 30)  # after work, so that members who work can come
MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip
TUESDAY, THURSDAY = 1, 3


def today() -> date:
    """The city's today (the real one: the story is placed around it)."""
    return datetime.now(CITY).date()


def day(days: int) -> date:
    """The city's date `days` from today (negative: in the past)."""
    return today() + timedelta(days=days)


def moment(days: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware UTC datetime: that date at that local time in the city."""
    local = datetime.combine(day(days), time(hour, minute), tzinfo=CITY)
    return local.astimezone(UTC)


def is_holiday(when: date) -> bool:
    """The council does not meet in August nor between Christmas and New Year."""
    return when.month == 8 or (when.month, when.day) >= (12, 20) or (when.month, when.day) <= (1, 3)


def meeting_day(days: int) -> int:
    """The offset of the council's meeting day (a Tuesday or Thursday out of the holidays)
    nearest `days`: moved back for a past meeting, forward for one to come."""
    step = -1 if days < 0 else 1
    while day(days).weekday() not in (TUESDAY, THURSDAY) or is_holiday(day(days)):
        days += step
    return days


def evening(days: int) -> datetime:
    """When a meeting planned around `days` starts: 18:30 in the city, on its meeting day."""
    return moment(meeting_day(days), *MEETING_HOUR)


def month_of(days: int) -> str:
    """ "de juin 2026", "d'octobre 2026": the month of a meeting as a French title says it."""
    when = day(meeting_day(days))
    name = MONTHS[when.month - 1]
    article = "d'" if name[0] in "aeiouy" else "de "
    return f"{article}{name} {when.year}"


@contextmanager
def at(days: int, hour: int = 10, minute: int = 0) -> Iterator[datetime]:
    """Operations inside happen at this moment of the story (city time)."""
    when = moment(days, hour, minute)
    with clock_set_to(when):
        yield when
        db.session.flush()


@contextmanager
def at_moment(when: datetime) -> Iterator[datetime]:
    with clock_set_to(when):
        yield when
        db.session.flush()
