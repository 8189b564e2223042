"""The translation form is built per kind: one field per translatable text."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField

from council.forms import CheckboxesField, CouncilForm, locale_choices, max_length
from council.translations_content.registry import TextField

_FORM_CLASSES: dict[tuple, type] = {}


def translation_form(fields: list[TextField], **data) -> CouncilForm:
    """A form with one input per field (textareas, or a one-line input for titles).

    No `required()`: a translator may translate the title only; the operation refuses a form
    with nothing in it. Length is checked here (with the original's limit) and again there."""
    key = tuple(field.name for field in fields)
    if key not in _FORM_CLASSES:
        attributes = {
            field.name: (TextAreaField if field.multiline else StringField)(
                field.label, validators=[max_length(field.max_length)]
            )
            for field in fields
        }
        _FORM_CLASSES[key] = type("TranslationForm", (CouncilForm,), attributes)
    return _FORM_CLASSES[key](**data)


class ReaderSettingsForm(CouncilForm):
    translate_into = CheckboxesField(
        _l("Languages I can translate into"),
        choices=locale_choices(),
        description=_l(
            "Texts written in other languages that still need a translation into these "
            "languages are listed for you on the “Translate” page."
        ),
    )
    easy_read = BooleanField(_l("Show me easy-read summaries first"))
