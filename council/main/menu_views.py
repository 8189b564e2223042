"""The menu and the languages as pages of their own: what the header shows on a wide screen,
reached on a phone from the header's two links, without JavaScript."""

from flask import render_template, request

from council.i18n import LOCALES
from council.main.blueprint import bp
from council.navigation import safe_next
from council.permissions import anyone, requires


@bp.route("/menu")
@requires(anyone)
def menu():
    return render_template("main/menu.html")


@bp.route("/language")
@requires(anyone)
def language():
    """Every language by its own name; each link opens the page the person came from."""
    back = safe_next(request.args.get("next"), "main.index")
    joiner = "&" if "?" in back else "?"
    choices = [(each, f"{back}{joiner}lang={each.code}") for each in LOCALES]
    return render_template("main/language.html", choices=choices, back=back)
