"""Admin pages for the themes of proposals."""

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.permissions import is_admin, requires
from council.proposals import themes
from council.proposals.blueprint import themes_bp
from council.proposals.forms import ActionForm, ThemeForm
from council.proposals.models import Theme


@themes_bp.route("/")
@requires(is_admin)
def index():
    return render_template(
        "proposals/themes/index.html", themes=themes.all_themes(str(get_locale()))
    )


@themes_bp.route("/new", methods=["GET", "POST"])
@requires(is_admin)
def create():
    form = ThemeForm()
    if form.validate_on_submit():
        with form_transaction(form, "name") as done:
            themes.create_theme(form.name.data, form.translations.data)
        if done:
            flash(_("Theme created."), "success")
            return redirect(url_for(".index"))
    return render_template("proposals/themes/form.html", form=form, theme=None)


@themes_bp.route("/<int:theme_id>/edit", methods=["GET", "POST"])
@requires(is_admin)
def edit(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = ThemeForm(obj=theme, translations=theme.translated_locales())
    if form.validate_on_submit():
        with form_transaction(form, "name") as done:
            themes.update_theme(theme, form.name.data, form.translations.data)
        if done:
            flash(_("Theme saved."), "success")
            return redirect(url_for(".index"))
    return render_template("proposals/themes/form.html", form=form, theme=theme)


@themes_bp.route("/<int:theme_id>/delete", methods=["POST"])
@requires(is_admin)
def delete(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    if ActionForm().validate_on_submit():
        with button_transaction(_("Theme deleted.")):
            themes.delete_theme(theme)
    return redirect(url_for(".index"))
