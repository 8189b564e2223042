from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import EqualTo

from council.accounts.models import DISPLAY_NAME_MAX, EMAIL_MAX
from council.accounts.passwords import PASSWORD_MAX
from council.forms import (
    ChoiceField,
    CouncilForm,
    email_address,
    locale_choices,
    max_length,
    plain_name,
    required,
    strip_filter,
)


class LoginForm(CouncilForm):
    email = EmailField(
        _l("Email address"),
        validators=[required(), max_length(EMAIL_MAX)],
        filters=[strip_filter],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[required(), max_length(PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Stay logged in on this device"))


def _new_password_fields():
    password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A few unrelated words make a good password."),
        validators=[required(), max_length(PASSWORD_MAX)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[required(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


def display_name_field():
    return StringField(
        _l("Name shown to others"),
        description=_l("Your name or a pseudonym. It is public; your email address never is."),
        validators=[required(), max_length(DISPLAY_NAME_MAX), plain_name],
        filters=[strip_filter],
        render_kw={"autocomplete": "nickname"},
    )


class AcceptInvitationForm(CouncilForm):
    display_name = display_name_field()
    locale = ChoiceField(_l("Preferred language"), choices=locale_choices())
    password, confirm = _new_password_fields()


class ForgotPasswordForm(CouncilForm):
    email = EmailField(
        _l("Email address"),
        validators=[required(), max_length(EMAIL_MAX), email_address()],
        filters=[strip_filter],
        render_kw={"autocomplete": "email"},
    )


class ResetPasswordForm(CouncilForm):
    password, confirm = _new_password_fields()


class ChangePasswordForm(CouncilForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[required(), max_length(PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields()


class ProfileForm(CouncilForm):
    display_name = display_name_field()
    locale = ChoiceField(
        _l("Preferred language"), choices=locale_choices(with_empty=_l("As my browser says"))
    )


def _code_field(label):
    return StringField(
        label,
        validators=[required(), max_length(40)],
        filters=[strip_filter],
        render_kw={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "autocapitalize": "off",
            "spellcheck": "false",
            "dir": "ltr",
        },
    )


class SecondFactorForm(CouncilForm):
    code = _code_field(_l("Code"))


class EmailLinkForm(CouncilForm):
    email = EmailField(
        _l("Email address"),
        validators=[required(), max_length(EMAIL_MAX), email_address()],
        filters=[strip_filter],
        render_kw={"autocomplete": "email"},
    )


class EnableTwoFactorForm(CouncilForm):
    code = _code_field(_l("Code shown by the app"))


class DisableTwoFactorForm(CouncilForm):
    password = PasswordField(
        _l("Current password"),
        validators=[required(), max_length(PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    code = _code_field(_l("Code shown by the app, or a recovery code"))


class RecoveryCodesForm(CouncilForm):
    code = _code_field(_l("Code shown by the app, or a recovery code"))
