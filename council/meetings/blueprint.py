"""The meetings blueprint. Its view modules add their routes to it; council/web.py imports
them when the app is created."""

from flask import Blueprint

from council.meetings.proposal_bridge import item_link, item_title
from council.polls.presentation import poll_decision

# No url_prefix: the public contract has both /meetings/<id> and /meetings.ics.
bp = Blueprint("meetings", __name__)


bp.add_app_template_global(item_link)
bp.add_app_template_global(item_title)
bp.add_app_template_global(poll_decision)
