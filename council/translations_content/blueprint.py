"""The translations_content blueprint. Its view modules add their routes to it;
council/web.py imports them when the app is created."""

from flask import Blueprint

from council.translations_content import reading, registry
from council.translations_content.queries import source_hash

bp = Blueprint("translations_content", __name__, url_prefix="/translate")


@bp.record_once
def _setup(state) -> None:
    registry.register_domains()  # every domain's translatable texts
    reading.init_app(state.app)
    state.app.add_template_global(reading.reader_settings_form)
    state.app.add_template_global(source_hash)
