from flask_babel import lazy_gettext as _l
from wtforms import EmailField

from council.accounts.models import EMAIL_MAX
from council.forms import (
    CheckboxesField,
    ChoiceField,
    CouncilForm,
    email_address,
    locale_choices,
    max_length,
    required,
    strip_filter,
)


class InvitationForm(CouncilForm):
    email = EmailField(
        _l("Email address of the person"),
        validators=[required(), max_length(EMAIL_MAX), email_address()],
        filters=[strip_filter],
    )
    roles = CheckboxesField(_l("Roles"), validators=[required()])
    service_id = ChoiceField(
        _l("Municipal service (for officials)"), coerce=int, validate_choice=True
    )
    locale = ChoiceField(_l("Language of the invitation email"), choices=locale_choices())
