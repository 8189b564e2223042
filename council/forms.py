"""Validators and fields shared by every domain's forms, with our own translated messages."""

import re
import unicodedata

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Form,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length
from wtforms.widgets import CheckboxInput, ListWidget, TextArea

from council.i18n import LOCALES
from council.plain_text import DIRECTION_MARK, one_line_problem

MARKUP = re.compile(r"[<>]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def required():
    return DataRequired(message=_l("This field is required."))


def max_length(n: int):
    return Length(max=n, message=_l("Use at most %(max)d characters."))


def email_address():
    return Email(
        message=_l("Enter a valid email address, like name@example.org."),
        check_deliverability=False,
    )


def is_one_line(field) -> bool:
    """A text input that is not a textarea (passwords are never shown nor sent anywhere)."""
    return (
        isinstance(field, StringField)
        and not isinstance(field, PasswordField)
        and not isinstance(field.widget, TextArea)
    )


def one_line(form, field):
    """Every one-line text: no line break, control or direction control (council.plain_text)."""
    problem = one_line_problem(field.data)
    if problem:
        raise ValidationError(problem)


class OneLineMeta:
    """Gives `one_line` to every one-line field of a form when the form is built, so that no
    field can forget it (tests/test_form_text.py walks every form to prove it)."""

    def bind_field(self, form, unbound_field, options):
        field = unbound_field.bind(form=form, **options)
        if is_one_line(field):
            field.validators = [one_line, *field.validators]
        return field


class CouncilForm(FlaskForm):
    """The base of every form of the site."""

    class Meta(OneLineMeta):
        pass


class SubForm(Form):
    """The base of forms nested with FormField (they have their own Meta)."""

    class Meta(OneLineMeta):
        pass


def plain_name(form, field):
    """Names are shown everywhere: no markup characters, no invisible control characters,
    no direction marks (an invisible twin of someone else's name)."""
    data = field.data
    if data and (MARKUP.search(data) or CONTROL.search(data) or DIRECTION_MARK.search(data)):
        # gettext (a plain str, escaped by Jinja), not a lazy string: lazy strings count as
        # safe HTML in templates, and this message contains "<" and ">".
        raise ValidationError(gettext("Names cannot contain < or > or control characters."))


# Joiners shape Persian, Dari and Pashto words: they stay. Every other invisible formatting
# character goes, bidi overrides and isolates first (they reorder what a name appears to say).
JOINERS = {"\u200c", "\u200d"}


def single_line(value):
    """One line of text as people see it: control characters and line breaks become spaces,
    invisible formatting characters (bidi controls, zero-width spaces) are removed, runs of
    spaces become one. A WTForms filter, also used for uploaded files' names."""
    if not isinstance(value, str):
        return value
    kept = []
    for char in unicodedata.normalize("NFC", value):
        category = unicodedata.category(char)
        if category in {"Cc", "Zl", "Zp"}:
            kept.append(" ")
        elif category != "Cf" or char in JOINERS:
            kept.append(char)
    return " ".join("".join(kept).split())


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


def locale_choices(with_empty=None):
    choices = [(language.code, language.native_name) for language in LOCALES]
    if with_empty is not None:
        choices.insert(0, ("", with_empty))
    return choices


NOT_IN_LIST = _l("Choose an option from the list.")


class ChoiceField(SelectField):
    """A select whose forged or unknown values get our own translated message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(NOT_IN_LIST)) from error

    def pre_validate(self, form):
        if self.choices is not None and self.data not in {value for value, *_ in self.choices}:
            raise ValidationError(NOT_IN_LIST)

    def iter_choices(self):
        # A placeholder choice (value None: "All themes", "Choose a theme") goes out as "",
        # which `coerce` turns back into None; WTForms would write value="None", which no
        # coerce accepts back, and HTML wants a required select's placeholder to be empty.
        for value, label, selected, render_kw in super().iter_choices():
            yield ("" if value is None else value), label, selected, render_kw


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes (no JavaScript, large touch targets)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(NOT_IN_LIST)) from error

    def pre_validate(self, form):
        allowed = {value for value, *_ in self.choices or []}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(NOT_IN_LIST)
