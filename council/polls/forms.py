from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from council.forms import ChoiceField, CouncilForm, max_length, plain_name, required, strip_filter
from council.meetings import labels
from council.meetings.fields import (
    CountField,
    ParisDateTimeField,
    RadioChoiceField,
    filled,
    not_negative,
)
from council.polls.models import QUESTION_MAX, REASON_MAX, VotingMethod
from council.polls.operations import MAX_PAPER_COUNT


def _choices(mapping):
    return [(key.value, label) for key, label in mapping.items()]


METHODS = {
    VotingMethod.ELECTRONIC: _l("Electronic ballots"),
    VotingMethod.PAPER: _l("Paper ballots or show of hands (totals entered here)"),
}


def no_markup(form, field):
    plain_name(form, field)


class RuleForm(CouncilForm):
    majority = ChoiceField(_l("Majority"), choices=_choices(labels.MAJORITIES))
    secrecy = ChoiceField(_l("Secrecy"), choices=_choices(labels.SECRECY))


class PollForm(RuleForm):
    question = StringField(
        _l("Question"),
        validators=[required(), max_length(QUESTION_MAX), no_markup],
        filters=[strip_filter],
    )
    mode = ChoiceField(_l("When members vote"), choices=_choices(labels.MODES))
    method = ChoiceField(_l("How votes are counted"), choices=_choices(METHODS))
    opens_at = ParisDateTimeField(_l("Online voting opens (Paris time)"), validators=[Optional()])
    closes_at = ParisDateTimeField(_l("Online voting closes (Paris time)"), validators=[Optional()])


class BallotForm(CouncilForm):
    choice = RadioChoiceField(
        _l("Your vote"), choices=_choices(labels.CHOICES), validators=[required()]
    )
    on_behalf_of = HiddenField()
    confirmed = HiddenField()  # "yes" once a secret ballot was checked (polls/confirm_secret)
    back = HiddenField()  # the page the ballot was cast from


def _count(label):
    too_many = NumberRange(max=MAX_PAPER_COUNT, message=_l("This number is too large."))
    return CountField(label, validators=[filled, not_negative, too_many])


class TallyForm(CouncilForm):
    votes_for = _count(_l("For"))
    votes_against = _count(_l("Against"))
    votes_abstain = _count(_l("Abstain"))
    reason = StringField(
        _l("Reason for the correction"),
        description=_l("Required when correcting totals already entered."),
        validators=[max_length(REASON_MAX)],
        filters=[strip_filter],
    )


class CancelPollForm(CouncilForm):
    reason = TextAreaField(
        _l("Reason for cancelling"),
        validators=[required(), max_length(500)],
        filters=[strip_filter],
    )
