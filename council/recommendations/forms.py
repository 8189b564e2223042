from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from council.forms import (
    CheckboxesField,
    ChoiceField,
    CouncilForm,
    SubForm,
    locale_choices,
    max_length,
    strip_filter,
)
from council.recommendations.labels import FOLLOW_UP_LABELS, RESPONSE_LABELS
from council.recommendations.models import COMMITMENT_MAX, JUSTIFICATION_MAX, NOTE_MAX
from council.referrals.forms import LocalDateField

NOT_IN_LIST = _l("Choose an option from the list.")
BLANK_ROWS = 3


class ListedRadioField(RadioField):
    """Radio buttons whose forged or missing values get our own translated message."""

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(NOT_IN_LIST)


class WholeNumberField(IntegerField):
    """An integer input whose unreadable values ("abc", "1.5") get our own message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            self.data = None
            raise ValueError(str(_l("Enter a whole number from 0 to 100."))) from error


class TransmitForm(CouncilForm):
    services = CheckboxesField(
        _l("Services addressed"),
        coerce=int,
        choices=[],
        description=_l("Each service will have to answer. Its officials are told at once."),
    )
    deadline = LocalDateField(
        _l("Response deadline"),
        validators=[InputRequired(message=_l("This field is required."))],
        description=_l("60 days after today unless you choose otherwise."),
    )

    def validate_services(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one service."))


class CommitmentRow(SubForm):
    """One commitment line; `id` ties a revised line to the commitment it revises."""

    commitment_id = HiddenField()
    text = TextAreaField(
        _l("Commitment"), validators=[max_length(COMMITMENT_MAX)], filters=[strip_filter]
    )
    target_date = LocalDateField(_l("Target date"), validators=[Optional()])

    def validate_commitment_id(self, field):
        if field.data and not field.data.isdigit():
            raise ValidationError(_l("This commitment does not belong to this response."))


class ResponseForm(CouncilForm):
    status = ListedRadioField(
        _l("The service’s position"),
        choices=[(status.value, label) for status, label in RESPONSE_LABELS.items()],
    )
    justification = TextAreaField(
        _l("Justification"),
        validators=[max_length(JUSTIFICATION_MAX)],
        filters=[strip_filter],
        description=_l("Required unless the recommendation is accepted. You can use Markdown."),
    )
    # Translations start from the language the text is written in (the page's by default).
    language = ChoiceField(_l("Language of the text"), choices=locale_choices())
    commitments = FieldList(FormField(CommitmentRow), min_entries=BLANK_ROWS)

    def commitment_rows(self) -> list[dict]:
        return [
            {
                "id": int(row.commitment_id.data) if row.commitment_id.data else None,
                "text": row.text.data or "",
                "target_date": row.target_date.data,
            }
            for row in self.commitments
        ]


class FollowUpForm(CouncilForm):
    status = ListedRadioField(
        _l("Progress"),
        choices=[(status.value, label) for status, label in FOLLOW_UP_LABELS.items()],
    )
    on_date = LocalDateField(
        _l("Date of this update"),
        validators=[InputRequired(message=_l("This field is required."))],
    )
    percent = WholeNumberField(
        _l("Percentage done (optional)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100, message=_l("Enter a whole number from 0 to 100.")),
        ],
    )
    note = TextAreaField(
        _l("Note"),
        validators=[max_length(NOTE_MAX)],
        filters=[strip_filter],
        description=_l("Required when the commitment is abandoned: say why."),
    )
    language = ChoiceField(_l("Language of the text"), choices=locale_choices())


def optional_int(value):
    """'' or None → None; a number → int; anything else → ValueError (our own message)."""
    if value in ("", None):
        return None
    return int(value)


class FilterForm(CouncilForm):
    class Meta:
        csrf = False  # a GET filter form: bookmarkable, nothing changes

    service = ChoiceField(_l("Municipal service"), coerce=optional_int)
    status = ChoiceField(_l("Response"), default="")
    year = ChoiceField(_l("Year of transmission"), coerce=optional_int)
    overdue = BooleanField(_l("Only overdue recommendations"))
