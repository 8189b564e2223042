from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import InputRequired

from council.forms import (
    ChoiceField,
    CouncilForm,
    locale_choices,
    max_length,
    required,
    strip_filter,
)
from council.proposals.forms import optional_int
from council.referrals.models import CONTEXT_MAX, QUESTION_MAX, REASON_MAX


class LocalDateField(DateField):
    """A date input (`YYYY-MM-DD`) whose unreadable values get our own translated message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            self.data = None
            raise ValueError(str(_l("Enter a date like 2026-03-31."))) from error

    def pre_validate(self, form):
        if self.data is not None and not isinstance(self.data, date):
            raise ValueError(str(_l("Enter a date like 2026-03-31.")))


class ReferralForm(CouncilForm):
    question = StringField(
        _l("Question put to the council"),
        validators=[required(), max_length(QUESTION_MAX)],
        filters=[strip_filter],
    )
    context = TextAreaField(
        _l("Context"),
        validators=[max_length(CONTEXT_MAX)],
        filters=[strip_filter],
        description=_l("Background, constraints, documents. You can use Markdown."),
    )
    service_id = ChoiceField(_l("Service that refers the question"), coerce=int, choices=[])
    wished_answer_date = LocalDateField(
        _l("Wished answer date"),
        # InputRequired (not DataRequired) keeps the "unreadable date" message when there is one.
        validators=[InputRequired(message=_l("This field is required."))],
        description=_l("A date in the future."),
    )
    language = ChoiceField(_l("Language of the question"), choices=locale_choices())
    theme_id = ChoiceField(
        _l("Theme"),
        coerce=optional_int,
        description=_l("The council members who follow this theme are told of your question."),
    )


class SettleForm(CouncilForm):
    note = TextAreaField(
        _l("Note"), validators=[required(), max_length(REASON_MAX)], filters=[strip_filter]
    )
