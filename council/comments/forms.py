from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField

from council.comments.models import BODY_MAX, REASON_MAX
from council.forms import (
    ChoiceField,
    CouncilForm,
    locale_choices,
    max_length,
    required,
    strip_filter,
)
from council.roles import Role

BODY_HINT = _l(
    "You can use Markdown: **bold**, *italics*, lists and links. At most 5,000 characters."
)


class EditCommentForm(CouncilForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[required(), max_length(BODY_MAX)],
        filters=[strip_filter],
        description=BODY_HINT,
    )


class CommentForm(EditCommentForm):
    language = ChoiceField(_l("Language of your comment"), choices=locale_choices())
    as_service = ChoiceField(_l("Comment as"), coerce=int, choices=[])


def comment_form(user, locale: str, **kwargs) -> CommentForm:
    """Officials choose which of their services speaks; members speak in their own name."""
    form = CommentForm(language=locale, **kwargs)
    choices = []
    if user.has_role(Role.MEMBER) or user.has_role(Role.SECRETARY):
        choices.append((0, _("In my own name")))
    if user.has_role(Role.OFFICIAL):
        choices += [
            (service.id, _("As an official of %(service)s", service=service.name_in(locale)))
            for service in user.services
        ]
    form.as_service.choices = choices or [(0, _("In my own name"))]
    return form


class ReasonForm(CouncilForm):
    reason = TextAreaField(
        _l("Reason"), validators=[required(), max_length(REASON_MAX)], filters=[strip_filter]
    )
