from flask import Blueprint

# No url_prefix: the public contract has /recommendations/…, /dashboard and /feeds/….
bp = Blueprint("recommendations", __name__)

from council.recommendations import (  # noqa: E402,F401
    views_exports,
    views_official,
    views_public,
    views_secretary,
)
