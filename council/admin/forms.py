from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from council.forms import CheckboxesField, CouncilForm


class UserRolesForm(CouncilForm):
    roles = CheckboxesField(_l("Roles"))
    service_ids = CheckboxesField(_l("Services (for officials)"), coerce=int)
    active = BooleanField(_l("Account active"))
