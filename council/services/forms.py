from flask_babel import lazy_gettext as _l
from wtforms import EmailField, FormField, StringField, TextAreaField

from council.forms import (
    CouncilForm,
    SubForm,
    email_address,
    max_length,
    plain_name,
    required,
    strip_filter,
)
from council.i18n import LOCALES
from council.services.models import SERVICE_DESCRIPTION_MAX, SERVICE_NAME_MAX


def _name_translations_form():
    fields = {
        language.code: StringField(
            language.native_name,
            validators=[max_length(SERVICE_NAME_MAX), plain_name],
            filters=[strip_filter],
            render_kw={"lang": language.html_lang, "dir": language.direction},
        )
        for language in LOCALES
        if language.code != "fr"
    }
    return type("NameTranslationsForm", (SubForm,), fields)


class ServiceForm(CouncilForm):
    name = StringField(
        _l("Name (in French)"),
        validators=[required(), max_length(SERVICE_NAME_MAX), plain_name],
        filters=[strip_filter],
    )
    contact_email = EmailField(
        _l("Contact email address"),
        validators=[required(), max_length(254), email_address()],
        filters=[strip_filter],
    )
    description = TextAreaField(
        _l("Description"), validators=[max_length(SERVICE_DESCRIPTION_MAX)], filters=[strip_filter]
    )
    translations = FormField(_name_translations_form(), label=_l("Name in other languages"))
