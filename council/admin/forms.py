from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from council.forms import CheckboxesField


class UserRolesForm(FlaskForm):
    roles = CheckboxesField(_l("Roles"))
    service_ids = CheckboxesField(_l("Services (for officials)"), coerce=int)
    active = BooleanField(_l("Account active"))
