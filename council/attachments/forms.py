from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, TextAreaField

from council.attachments.models import ALT_TEXT_MAX, DESCRIPTION_MAX, TITLE_MAX
from council.forms import (
    ChoiceField,
    CouncilForm,
    locale_choices,
    max_length,
    required,
    strip_filter,
)


class AttachmentForm(CouncilForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to send."))])
    title = StringField(
        _l("Title"),
        validators=[required(), max_length(TITLE_MAX)],
        filters=[strip_filter],
        description=_l("What the file is, in a few words: it is shown instead of the file name."),
    )
    description = TextAreaField(
        _l("Description (optional)"),
        validators=[max_length(DESCRIPTION_MAX)],
        filters=[strip_filter],
    )
    alt_text = StringField(
        _l("Text alternative (for pictures)"),
        validators=[max_length(ALT_TEXT_MAX)],
        filters=[strip_filter],
        description=_l(
            "Required for a picture: what it shows, for people who cannot see it. "
            "Leave empty for a document."
        ),
    )
    language = ChoiceField(_l("Language of the file"), choices=locale_choices())
