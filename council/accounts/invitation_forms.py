from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from council.accounts.models import EMAIL_MAX
from council.forms import email_address, locale_choices, max_length, required, strip_filter


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InvitationForm(FlaskForm):
    email = EmailField(
        _l("Email address of the person"),
        validators=[required(), max_length(EMAIL_MAX), email_address()],
        filters=[strip_filter],
    )
    roles = CheckboxesField(_l("Roles"), validators=[required()])
    service_id = SelectField(
        _l("Municipal service (for officials)"), coerce=int, validate_choice=True
    )
    locale = SelectField(_l("Language of the invitation email"), choices=locale_choices())
