from flask import Blueprint

# No url_prefix: the public contract has both /meetings/<id> and /meetings.ics.
bp = Blueprint("meetings", __name__)

from council.meetings import views_member, views_public, views_secretary  # noqa: E402,F401
