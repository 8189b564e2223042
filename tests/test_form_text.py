"""Every one-line field of every form refuses line breaks, control and direction characters.

The test walks all form classes of the code base (imported module by module, plus the forms
built at run time per translatable kind), so a new form or field that lacks the protection
fails here without anyone listing it.
"""

import gc
import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, Form, FormField

import council
from council.forms import is_one_line
from council.plain_text import ONE_LINE_MESSAGE

# Each of these once reached an email subject and stopped the outbox (issue 11, point 1), or
# can make a name display as someone else's (direction controls).
REFUSED = {
    "LINE SEPARATOR": "\u2028",
    "PARAGRAPH SEPARATOR": "\u2029",
    "NEXT LINE (C1)": "\u0085",
    "CARRIAGE RETURN": "\r",
    "LINE FEED": "\n",
    "NUL": "\x00",
    "TAB": "\t",
    "ESCAPE": "\x1b",
    "DELETE": "\x7f",
    "C1 CSI": "\x9b",
    "RIGHT-TO-LEFT OVERRIDE": "\u202e",
    "LEFT-TO-RIGHT EMBEDDING": "\u202a",
    "POP DIRECTIONAL FORMATTING": "\u202c",
    "FIRST STRONG ISOLATE": "\u2068",
    "POP DIRECTIONAL ISOLATE": "\u2069",
}


def _import_everything() -> None:
    for module in pkgutil.walk_packages(council.__path__, "council."):
        importlib.import_module(module.name)


def _subclasses(base: type) -> set[type]:
    found, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def all_form_classes(app) -> list[type]:
    _import_everything()
    from council.translations_content.forms import translation_form
    from council.translations_content.registry import registered_kinds

    with app.test_request_context():
        for spec in registered_kinds():  # forms built at run time, one per kind of text
            translation_form(list(spec.fields), meta={"csrf": False})
    classes = _subclasses(FlaskForm) | {
        c for c in _subclasses(Form) if c.__module__.startswith("council")
    }
    return sorted(classes, key=lambda c: (c.__module__, c.__qualname__))


def one_line_fields(form):
    """(name in the form data, field) of every one-line field, nested forms included."""
    for field in form:
        if isinstance(field, FormField):
            yield from one_line_fields(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                yield from one_line_fields(entry.form if isinstance(entry, FormField) else [entry])
        elif is_one_line(field):
            yield field.name, field


def test_walk_finds_the_forms_that_hold_names_and_titles(app):
    names = {c.__qualname__ for c in all_form_classes(app)}
    # A sample, so that a broken walk (finding nothing) cannot pass the test below.
    assert {"ProfileForm", "AcceptInvitationForm", "ServiceForm", "MeetingForm", "PollForm"} <= (
        names
    )
    assert {"ProposalForm", "ReferralForm", "TokenForm", "TranslationForm"} <= names
    assert len(names) > 40


@pytest.mark.parametrize("character", REFUSED.values(), ids=REFUSED.keys())
def test_every_one_line_field_refuses_the_character(app, character):
    checked, unprotected = 0, []
    with app.test_request_context():
        for form_class in all_form_classes(app):
            empty = form_class(formdata=MultiDict(), meta={"csrf": False})
            names = [name for name, _ in one_line_fields(empty)]
            if not names:
                continue
            # In the middle of the text: a filter that strips the ends cannot hide it.
            data = MultiDict({name: f"Amina{character}Admin" for name in names})
            form = form_class(formdata=data, meta={"csrf": False})
            form.validate()
            for name, field in one_line_fields(form):
                if not isinstance(field.data, str):
                    continue  # a hidden number (a version): the text was not kept
                checked += 1
                if str(ONE_LINE_MESSAGE) not in [str(e) for e in field.errors]:
                    unprotected.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}")
    assert checked > 40
    assert unprotected == []


def test_a_form_outside_the_shared_base_would_be_caught(app):
    """The walk sees a plain FlaskForm subclass too, and its field does not refuse."""
    from wtforms import StringField

    class Careless(FlaskForm):
        name = StringField("Name")

    with app.test_request_context():
        assert Careless in all_form_classes(app)
        form = Careless(formdata=MultiDict({"name": "Amina\u2028Admin"}), meta={"csrf": False})
        assert form.validate()  # no protection: the walk above would list it
    # Gone, so that the walk of the site's forms run after this test in the same process
    # (tests run in several processes, in any order) does not find it.
    del Careless, form
    gc.collect()
    assert not any(c.__qualname__.endswith("Careless") for c in all_form_classes(app))


def test_ordinary_names_and_titles_pass(app):
    from council.accounts.forms import ProfileForm
    from council.proposals.forms import ProposalForm

    with app.test_request_context():
        profile = ProfileForm(
            formdata=MultiDict({"display_name": "گل‌افروز (Gul) — ‏ملکه", "locale": ""}),
            meta={"csrf": False},
        )
        # A direction mark (U+200F) would make an invisible twin of a name: refused…
        assert not profile.validate()
        assert profile.display_name.errors
        # …while a zero-width non-joiner is part of Dari spelling.
        profile = ProfileForm(
            formdata=MultiDict({"display_name": "گل‌افروز (Gul)", "locale": ""}),
            meta={"csrf": False},
        )
        assert profile.validate(), profile.errors
        proposal = ProposalForm(
            formdata=MultiDict({"title": "Bancs publics \u200fشارع", "body": "Texte"}),
            meta={"csrf": False},
        )
        proposal.validate()
        assert "title" not in proposal.errors  # a title may use a direction mark
