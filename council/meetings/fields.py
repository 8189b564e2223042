"""Form fields with our own translated messages and Paris-time handling."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, IntegerField, RadioField, TimeField, ValidationError

from council.forms import NOT_IN_LIST

COUNCIL_TZ = ZoneInfo("Europe/Paris")


def paris_to_utc(naive: datetime) -> datetime:
    return naive.replace(tzinfo=COUNCIL_TZ).astimezone(UTC)


def utc_to_paris(moment: datetime) -> datetime:
    return moment.astimezone(COUNCIL_TZ)


class ParisDateTimeField(DateTimeLocalField):
    """A date and time typed in Paris time; `.utc` gives the aware UTC moment."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a date and time, like 2026-05-14 18:30."))) from error

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%Y-%m-%dT%H:%M") if self.data else ""

    @property
    def utc(self) -> datetime | None:
        return paris_to_utc(self.data) if self.data else None


class HourField(TimeField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a time, like 18:45."))) from error


class CountField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a whole number."))) from error


def not_negative(form, field):
    if field.data is not None and field.data < 0:
        raise ValidationError(_l("A count cannot be negative."))


class RadioChoiceField(RadioField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(NOT_IN_LIST)) from error

    def pre_validate(self, form):
        if self.data not in {value for value, *_ in self.choices or []}:
            raise ValidationError(NOT_IN_LIST)


def filled(form, field):
    """Required, without hiding the field's own "not a date / not a number" message."""
    from wtforms.validators import StopValidation

    if not field.raw_data or not str(field.raw_data[0]).strip():
        raise StopValidation(str(_l("This field is required.")))
    if field.data is None:
        raise StopValidation()  # the parsing message is already there
