from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField, TextAreaField, ValidationError
from wtforms.validators import Optional

from council.forms import (
    CheckboxesField,
    ChoiceField,
    CouncilForm,
    max_length,
    plain_name,
    required,
    strip_filter,
)
from council.meetings import labels
from council.meetings.fields import HourField, ParisDateTimeField, RadioChoiceField, filled
from council.meetings.models import PLACE_MAX, TEXT_MAX, TITLE_MAX, URL_MAX, AttendanceStatus


def web_link(form, field):
    if field.data and not field.data.startswith(("https://", "http://")):
        raise ValidationError(_l("Enter a web address starting with https://"))
    if field.data and any(c.isspace() or c in "<>\"'" for c in field.data):
        raise ValidationError(gettext("A web address cannot contain spaces, quotes, < or >."))


def _choices(mapping, keys=None):
    return [(key.value, label) for key, label in mapping.items() if keys is None or key in keys]


class MeetingForm(CouncilForm):
    kind = ChoiceField(_l("Kind of meeting"), choices=_choices(labels.MEETING_KINDS))
    title = StringField(
        _l("Title"),
        validators=[required(), max_length(TITLE_MAX), plain_name],
        filters=[strip_filter],
    )
    starts_at = ParisDateTimeField(_l("Starts (Paris time)"), validators=[filled])
    ends_at = ParisDateTimeField(_l("Ends (Paris time)"), validators=[filled])
    place = StringField(
        _l("Place"), validators=[max_length(PLACE_MAX), plain_name], filters=[strip_filter]
    )
    online_url = StringField(
        _l("Online meeting link"),
        validators=[max_length(URL_MAX), web_link],
        filters=[strip_filter],
    )
    interpretation = BooleanField(_l("Interpretation offered"))
    step_free = BooleanField(_l("Step-free access"))
    accessibility_notes = TextAreaField(
        _l("Other accessibility notes"), validators=[max_length(TEXT_MAX)], filters=[strip_filter]
    )
    participant_ids = CheckboxesField(
        _l("Members (bureau and working groups)"),
        coerce=int,
        description=_l("Not needed for a plenary meeting: every member takes part."),
    )


class MeetingChangeForm(MeetingForm):
    """The details a secretary may correct once the meeting is scheduled (its kind and its
    members stay: they decide who was told and who votes)."""

    kind = None
    participant_ids = None


def optional_id(value):
    """'' → None, a number → int; anything else is refused by the field with our message."""
    return None if value in ("", None) else int(value)


class LinkField(ChoiceField):
    """A proposal or a question chosen from a list that can change while the page is open:
    the operation says why a choice is refused (stale or forged), not a generic message."""

    def pre_validate(self, form):
        pass


class AgendaItemForm(CouncilForm):
    kind = ChoiceField(_l("Kind of item"))
    proposal_id = LinkField(
        _l("Proposal (for an item “Proposal to debate and vote”)"),
        coerce=optional_id,
        description=_l(
            "Only submitted proposals are listed. Putting one on the agenda schedules it."
        ),
    )
    referral_id = LinkField(
        _l("Question (for an item “Question referred by the city”)"),
        coerce=optional_id,
    )
    title = StringField(
        _l("Title"),
        validators=[max_length(TITLE_MAX), plain_name],
        filters=[strip_filter],
        description=_l("Leave empty to use the title of the proposal or of the question."),
    )
    description = TextAreaField(
        _l("Description"), validators=[max_length(TEXT_MAX)], filters=[strip_filter]
    )


class CancelForm(CouncilForm):
    reason = TextAreaField(
        _l("Reason for cancelling"),
        validators=[required(), max_length(500)],
        filters=[strip_filter],
    )


class RsvpForm(CouncilForm):
    answer = RadioChoiceField(
        _l("Will you attend?"), choices=_choices(labels.RSVP_ANSWERS), validators=[required()]
    )


class ProxyForm(CouncilForm):
    # Nobody chosen beforehand: one tap must not give a vote away (the operation refuses None).
    holder_id = ChoiceField(_l("Member who will vote for you"), coerce=optional_id)
    confirmed = HiddenField()  # "yes" once the member saw who will vote for them


class SecretaryProxyForm(CouncilForm):
    giver_id = ChoiceField(_l("Member giving the proxy"), coerce=int)
    holder_id = ChoiceField(_l("Member receiving the proxy"), coerce=int)


def attendance_form(members, data=None):
    """One status and two optional times per member (a sheet, without JavaScript).

    Labels holding a name are plain strings (gettext), never lazy ones: Jinja and WTForms take
    a lazy string for safe HTML, so a name like "<img onerror=…>" would run."""
    fields = {}
    for member in members:
        # Radio buttons drawn as one segmented control: one tap, no menu to open.
        fields[f"status_{member.id}"] = RadioChoiceField(
            member.display_name,
            choices=_choices(labels.ATTENDANCE),
            default=AttendanceStatus.ABSENT.value,
        )
        fields[f"arrived_{member.id}"] = HourField(
            gettext("Arrived late at (%(name)s)", name=member.display_name), validators=[Optional()]
        )
        fields[f"left_{member.id}"] = HourField(
            gettext("Left early at (%(name)s)", name=member.display_name), validators=[Optional()]
        )
    form_class = type("AttendanceForm", (CouncilForm,), fields)
    return form_class(data=data or {})
