"""Translating texts, reviewing translations, the queue, and the reader's settings."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from council.errors import button_transaction, form_transaction
from council.i18n import language, normalise
from council.permissions import is_authenticated, require_object, requires
from council.translations_content import operations, registry
from council.translations_content.blueprint import bp
from council.translations_content.forms import ReaderSettingsForm, translation_form
from council.translations_content.permissions import can_review, can_translate, can_translate_texts
from council.translations_content.queries import translations_of
from council.translations_content.queue import (
    target_languages,
    translation_queue,
    waiting_for_review,
)
from council.translations_content.status import language_statuses


def load_translatable(kind: str, subject_id: int):
    """(spec, object); 404 for an unknown kind or id and for what this person cannot read (as if
    it did not exist: a private draft stays private), 403 when they may read but not translate."""
    spec = registry.translatable_kind(kind) or abort(404)
    obj = spec.loader(subject_id)
    if obj is None or not spec.can_read(current_user, obj):
        abort(404)
    require_object(can_translate(current_user, spec, obj))
    return spec, obj


def _unshipped(kind: str, subject_id: int):
    flash(_("Translations can only be made into the languages this site offers."), "error")
    return redirect(url_for(".overview", kind=kind, subject_id=subject_id))


@bp.route("/")
@requires(can_translate_texts)
def queue():
    targets, declared = target_languages(current_user, str(get_locale()))
    return render_template(
        "translations_content/queue.html",
        pairs=translation_queue(current_user, targets),
        reviews=waiting_for_review(current_user, targets),
        targets=targets,
        declared=declared,
    )


@bp.route("/<kind>/<int:subject_id>")
@requires(can_translate_texts)
def overview(kind: str, subject_id: int):
    spec, obj = load_translatable(kind, subject_id)
    return render_template(
        "translations_content/overview.html",
        spec=spec,
        obj=obj,
        statuses=language_statuses(spec, obj),
    )


@bp.route("/<kind>/<int:subject_id>/<locale>", methods=["GET", "POST"])
@requires(can_translate_texts)
def translate(kind: str, subject_id: int, locale: str):
    spec, obj = load_translatable(kind, subject_id)
    if normalise(locale) != locale:
        return _unshipped(kind, subject_id)
    fields = operations.translatable_fields(spec, obj, locale)
    rows = translations_of(kind, obj.id)
    current = {f.name: rows[(f.name, locale)].text for f in fields if (f.name, locale) in rows}
    form = translation_form(fields, **current)
    if fields and form.validate_on_submit():
        texts = {f.name: form[f.name].data for f in fields}
        with form_transaction(form, fields[0].name) as done:
            operations.save_translations(spec, obj, current_user, locale, texts)
        if done:
            flash(_("Thank you: your translation is saved."), "success")
            return redirect(url_for(".overview", kind=kind, subject_id=subject_id))
    return render_template(
        "translations_content/translate.html", spec=spec, obj=obj, form=form, fields=fields,
        rows=rows, target=language(locale),
        may_review=_may_review(spec, obj, [r for (_f, code), r in rows.items() if code == locale]),
    )  # fmt: skip


def _may_review(spec, obj, rows) -> bool:
    waiting = [row for row in rows if not row.is_reviewed]
    return bool(waiting) and can_review(current_user, spec, obj, rows)


@bp.route("/<kind>/<int:subject_id>/<locale>/review", methods=["POST"])
@requires(can_translate_texts)
def review(kind: str, subject_id: int, locale: str):
    spec, obj = load_translatable(kind, subject_id)
    if normalise(locale) != locale:
        return _unshipped(kind, subject_id)
    with button_transaction(_("The translation is marked as reviewed. Thank you.")):
        operations.review_translations(spec, obj, current_user, locale)
    return redirect(url_for(".overview", kind=kind, subject_id=subject_id), 303)


@bp.route("/settings", methods=["POST"])
@requires(is_authenticated)
def settings():
    form = ReaderSettingsForm()
    if form.validate_on_submit():
        with button_transaction(_("Your reading and translating settings are saved.")):
            operations.save_reader_settings(
                current_user, form.translate_into.data or [], form.easy_read.data
            )
    elif form.csrf_token.errors:
        flash(_("The form has expired. Please send it again."), "error")
    else:
        flash(_("Choose languages from the list."), "error")
    return redirect(url_for("auth.account"), 303)
