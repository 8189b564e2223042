"""Minutes: drafted from the meeting record, written by the secretary, approved, published."""

from flask import Blueprint

# No url_prefix: the public contract has /meetings/<id>/minutes and /feeds/minutes.atom.
bp = Blueprint("minutes", __name__)

from council.minutes import (  # noqa: E402,F401
    views_public,
    views_reports,
    views_secretary,
    views_subscribe,
)


@bp.app_template_global("readable_minutes")
def _readable_minutes(meeting):
    from council.minutes.presentation import readable_minutes

    return readable_minutes(meeting)
