from flask import abort, render_template, request, send_from_directory, url_for
from flask_babel import get_locale

from council.help.blueprint import bp
from council.help.guides import (
    GUIDE_LINK,
    LANGUAGES,
    PICTURE,
    docs_dir,
    guide,
    guides_in,
    screenshot_path,
    version_for,
)
from council.i18n import BY_CODE
from council.markdown import render_document
from council.permissions import anyone, requires

NAMES = {code: BY_CODE[code].native_name for code in LANGUAGES}


def _local_url(target: str) -> str | None:
    """Where a guide's link or picture lives on this site (None: nowhere)."""
    if target.startswith(("https://", "http://", "mailto:")):
        return target
    if picture := PICTURE.match(target):
        return url_for("help.screenshot", filename=picture.group(1))
    if link := GUIDE_LINK.match(target):
        return url_for("help.show", role=link.group(1), version=link.group(2))
    return None


@bp.route("")
@requires(anyone)
def index():
    version = version_for(str(get_locale()), request.args.get("version"))
    return render_template(
        "help/index.html",
        guides=guides_in(version),
        version=version,
        other=[code for code in LANGUAGES if code != version],
        names=NAMES,
    )


@bp.route("/<role>")
@requires(anyone)
def show(role):
    version = version_for(str(get_locale()), request.args.get("version"))
    found = guide(role, version)
    if found is None:
        abort(404)
    return render_template(
        "help/guide.html",
        guide=found,
        body=render_document(found.text, _local_url),
        other=[code for code in LANGUAGES if code != version and guide(role, code)],
        names=NAMES,
    )


@bp.route("/screenshots/<filename>")
@requires(anyone)
def screenshot(filename):
    if screenshot_path(filename) is None:
        abort(404)
    return send_from_directory(docs_dir() / "screenshots", filename, max_age=3600)
