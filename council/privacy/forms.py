from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import InputRequired

from council.accounts.passwords import PASSWORD_MAX
from council.forms import CouncilForm, max_length, required


class PasswordConfirmForm(CouncilForm):
    """The person proves it is them (a shared phone left logged in is not enough)."""

    password = PasswordField(
        _l("Your password, to confirm"),
        validators=[required(), max_length(PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )


class EraseForm(PasswordConfirmForm):
    understood = BooleanField(
        _l("I understand that this cannot be undone"),
        validators=[InputRequired(message=_l("Check this box to confirm."))],
    )
