"""Forms for writing, supporting and finding proposals, and for managing themes."""

from flask_babel import lazy_gettext as _l
from wtforms import FormField, HiddenField, StringField, TextAreaField, ValidationError

from council.forms import (
    CONTROL,
    CheckboxesField,
    ChoiceField,
    CouncilForm,
    SubForm,
    locale_choices,
    max_length,
    plain_name,
    required,
    strip_filter,
)
from council.i18n import LOCALES
from council.proposals.models import BODY_MAX, REASON_MAX, SUMMARY_MAX, THEME_NAME_MAX, TITLE_MAX
from council.proposals.queries import SORTS


def no_control_characters(form, field):
    if field.data and CONTROL.search(field.data.replace("\t", " ")):
        raise ValidationError(_l("Remove the invisible control characters from this text."))


def optional_int(value):
    """'' or None → None; a number → int; anything else → ValueError (our own message)."""
    if value in ("", None):
        return None
    return int(value)


class HiddenVersionField(HiddenField):
    """The version of the text the form was made from; a forged value counts as stale."""

    def process_formdata(self, valuelist):
        try:
            self.data = int(valuelist[0]) if valuelist else None
        except ValueError:
            self.data = None


class ReferralChoiceField(ChoiceField):
    """Open questions change while the form is open: the operation says why one is refused."""

    def pre_validate(self, form):
        pass


class ProposalForm(CouncilForm):
    title = StringField(
        _l("Title"),
        validators=[required(), max_length(TITLE_MAX), no_control_characters],
        filters=[strip_filter],
        description=_l("A short sentence that says what you propose."),
    )
    body = TextAreaField(
        _l("Text of the proposal"),
        validators=[required(), max_length(BODY_MAX), no_control_characters],
        description=_l(
            "Explain the situation and what you ask the city to do. You can use Markdown: "
            "**bold**, *italics*, lists with -, links like [text](https://…)."
        ),
    )
    summary = TextAreaField(
        _l("Easy-read summary (optional)"),
        validators=[max_length(SUMMARY_MAX), no_control_characters],
        filters=[strip_filter],
        description=_l("A few short sentences in plain words, for everyone to understand."),
    )
    theme_id = ChoiceField(_l("Theme"), coerce=optional_int, validators=[required()])
    service_ids = CheckboxesField(_l("Municipal services concerned (optional)"), coerce=int)
    language = ChoiceField(
        _l("Language of the text"),
        choices=locale_choices(),
        description=_l("The language you wrote in. Translations can be added later."),
    )
    referral_id = ReferralChoiceField(
        _l("Answers the question from the city (optional)"),
        coerce=optional_int,
        description=_l("When the council adopts this proposal, the question is answered."),
    )
    seen_version = HiddenVersionField()


class ActionForm(CouncilForm):
    """A button on the proposal page; `seen_state` is the state the person was looking at."""

    seen_state = HiddenField()


class WithdrawForm(CouncilForm):
    seen_state = HiddenField()
    reason = TextAreaField(
        _l("Why do you withdraw this proposal?"),
        validators=[required(), max_length(REASON_MAX), no_control_characters],
        filters=[strip_filter],
        description=_l("The reason is shown publicly in the proposal's history."),
    )


class CoauthorForm(CouncilForm):
    member_id = ChoiceField(_l("Council member"), coerce=optional_int, validators=[required()])


class CoauthorAnswerForm(CouncilForm):
    answer = ChoiceField(choices=[("accept", _l("Accept")), ("decline", _l("Decline"))])


class FilterForm(CouncilForm):
    class Meta:
        csrf = False  # a GET search form: bookmarkable, nothing changes

    q = StringField(_l("Search words"), validators=[max_length(200)], filters=[strip_filter])
    state = ChoiceField(_l("State"), default="")
    theme = ChoiceField(_l("Theme"), coerce=optional_int)
    service = ChoiceField(_l("Municipal service"), coerce=optional_int)
    language = ChoiceField(_l("Language"), default="")
    sort = ChoiceField(
        _l("Sort by"),
        choices=list(
            zip(SORTS, [_l("Newest"), _l("Most supported"), _l("Recently active")], strict=True)
        ),
        default="newest",
    )


def _theme_translations_form():
    fields = {
        language.code: StringField(
            language.native_name,
            validators=[max_length(THEME_NAME_MAX), plain_name],
            filters=[strip_filter],
            render_kw={"lang": language.html_lang, "dir": language.direction},
        )
        for language in LOCALES
        if language.code != "fr"
    }
    return type("ThemeTranslationsForm", (SubForm,), fields)


class ThemeForm(CouncilForm):
    name = StringField(
        _l("Name (in French)"),
        validators=[required(), max_length(THEME_NAME_MAX), plain_name],
        filters=[strip_filter],
    )
    translations = FormField(_theme_translations_form(), label=_l("Name in other languages"))
