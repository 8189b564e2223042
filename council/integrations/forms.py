from flask_babel import lazy_gettext as _l
from wtforms import StringField, URLField

from council.api.models import TOKEN_LABEL_MAX
from council.forms import CouncilForm, max_length, plain_name, required, strip_filter
from council.webhooks.models import URL_MAX


class TokenForm(CouncilForm):
    label = StringField(
        _l("What the token is for"),
        description=_l("For example: the housing department's case-management system."),
        validators=[required(), max_length(TOKEN_LABEL_MAX), plain_name],
        filters=[strip_filter],
    )


class WebhookForm(CouncilForm):
    url = URLField(
        _l("Address that receives the events (https://…)"),
        validators=[required(), max_length(URL_MAX)],
        filters=[strip_filter],
    )
