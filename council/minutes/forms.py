"""Forms: the secretary's text (one field per agenda item), approval, errata, subscription."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField

from council.forms import (
    ChoiceField,
    CouncilForm,
    email_address,
    locale_choices,
    max_length,
    required,
)
from council.minutes.models import (
    CHAIR_MAX,
    DECISION_MAX,
    EASY_READ_MAX,
    EMAIL_MAX,
    ERRATUM_MAX,
    SUMMARY_MAX,
    TEXT_MAX,
)
from council.proposals.forms import HiddenVersionField, no_control_characters

MARKDOWN_HINT = _l(
    "You can use Markdown: **bold**, *italics*, lists with -, links like [text](https://…)."
)


def _language_field(label=None):
    return ChoiceField(label or _l("Language of this text"), choices=locale_choices())


class MinutesForm(CouncilForm):
    seen_version = HiddenVersionField()
    chair = StringField(
        _l("Chaired by"),
        validators=[max_length(CHAIR_MAX), no_control_characters],
        description=_l("The name shown in the minutes for the person who chaired the meeting."),
    )
    easy_read = TextAreaField(
        _l("Easy-read summary (optional)"),
        validators=[max_length(EASY_READ_MAX), no_control_characters],
        description=_l("Short sentences and everyday words. It is shown first when present."),
    )
    easy_read_language = _language_field(_l("Language of the easy-read summary"))
    summary = TextAreaField(
        _l("General summary"),
        validators=[max_length(SUMMARY_MAX), no_control_characters],
        description=MARKDOWN_HINT,
    )
    summary_language = _language_field(_l("Language of the general summary"))

    def item_fields(self, item_id: int):
        return self[f"item_{item_id}"], self[f"item_{item_id}_language"]

    def narratives(self, items) -> dict[int, tuple[str, str]]:
        return {
            item.id: (self[f"item_{item.id}"].data or "", self[f"item_{item.id}_language"].data)
            for item in items
        }


def minutes_form_for(items, **data) -> MinutesForm:
    """A form with a debate-summary field and a language field for each agenda item."""

    class ForThisMeeting(MinutesForm):
        pass

    for item in items:
        setattr(
            ForThisMeeting,
            f"item_{item.id}",
            TextAreaField(
                _l("Summary of the debate"),
                validators=[max_length(TEXT_MAX), no_control_characters],
                description=MARKDOWN_HINT,
            ),
        )
        setattr(ForThisMeeting, f"item_{item.id}_language", _language_field())
    return ForThisMeeting(**data)


class ApprovalItemForm(CouncilForm):
    item_id = ChoiceField(_l("Agenda item that will approve these minutes"), coerce=str)


class BureauApprovalForm(CouncilForm):
    decision = TextAreaField(
        _l("Decision of the bureau"),
        validators=[required(), max_length(DECISION_MAX), no_control_characters],
        description=_l("For example: “Approved unanimously by the bureau on 3 March.”"),
    )


class ErratumForm(CouncilForm):
    text = TextAreaField(
        _l("Correction"),
        validators=[required(), max_length(ERRATUM_MAX), no_control_characters],
        description=_l("Say what was wrong and what is right. The approved text stays as it was."),
    )
    language = _language_field()


class SubscribeForm(CouncilForm):
    email = EmailField(
        _l("Email address"),
        validators=[required(), email_address(), max_length(EMAIL_MAX)],
    )
    locale = _language_field(_l("Language of the emails"))
