"""Calendar dates as the council lives them (its own time zone, not the server's)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from council.db_types import utcnow


def council_date(moment: datetime) -> date:
    """The city's calendar date of an aware UTC moment."""
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def council_today() -> date:
    """ "Wished by Friday" means the city's Friday, whatever time zone the server runs in."""
    return council_date(utcnow())
