"""One-line texts refuse line breaks, control and direction characters at the other doors too:
JSON bodies of the API and options of the command line (the forms: tests/test_form_text.py)."""

import re
from pathlib import Path

import click
import pytest
from sqlalchemy import func, select

from council.accounts.models import User
from council.cli.params import MultiLineText, OneLineText
from council.extensions import db
from council.services.models import Service
from council.webhooks.models import WebhookEndpoint
from tests.api_helpers import bearer, service_with_token
from tests.test_api import error_of
from tests.test_form_text import REFUSED

API_DIR = Path(__file__).resolve().parent.parent / "council" / "api"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- API ---------------------------------------------------------------------------------


@pytest.mark.parametrize("character", REFUSED.values(), ids=REFUSED.keys())
def test_the_api_refuses_the_character_in_a_one_line_value(client, app, character):
    service, _token, value = service_with_token("Habitat")
    url = f"/api/v1/services/{service.id}/webhooks"
    response = client.post(
        url, json={"url": f"https://93.184.215.14/a{character}b"}, headers=bearer(value)
    )
    error = error_of(response, 422)
    assert error["code"] == "validation_failed"
    assert error["fields"] == {"url": [error["message"]]}
    assert "one line" in error["message"]
    # Any key of the body is checked, also one the endpoint does not read.
    response = client.post(
        url,
        json={"url": "https://93.184.215.14/hook", "label": {"x": [f"a{character}"]}},
        headers=bearer(value),
    )
    assert list(error_of(response, 422)["fields"]) == ["label.x[0]"]
    assert count(WebhookEndpoint) == 0


def test_several_line_values_keep_line_breaks_but_refuse_other_controls(client, app, make_user):
    from tests.recommendation_helpers import a_council, a_service, adopted, transmit
    from tests.test_api_recommendations import respond, token_for, versions

    council = a_council(make_user)
    housing = a_service()
    recommendation = transmit(council, adopted(council), [housing])
    token = token_for(housing)
    refused = respond(
        client, recommendation, housing, token, status="rejected", justification="Non\x00"
    )
    assert list(error_of(refused, 422)["fields"]) == ["justification"]
    title_like = respond(client, recommendation, housing, token, status="accepted\u2028")
    assert list(error_of(title_like, 422)["fields"]) == ["status"]
    assert versions() == 0
    accepted = respond(
        client,
        recommendation,
        housing,
        token,
        status="rejected",
        justification="Pas de budget.\r\nVoir\u2028le plan\tannuel.",
    )
    assert accepted.status_code == 201, accepted.get_json()
    assert versions() == 1


def test_every_api_body_is_read_through_the_checked_reader():
    """No view reads the body on its own (it would skip the check of json_object())."""
    raw_reads = re.compile(r"request\.(get_json|json|get_data|data|form|values)\b")
    offenders = [
        path.name
        for path in API_DIR.glob("*.py")
        if path.name != "body.py" and raw_reads.search(path.read_text())
    ]
    assert offenders == []


# --- command line ------------------------------------------------------------------------


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


@pytest.mark.parametrize("character", REFUSED.values(), ids=REFUSED.keys())
def test_users_create_refuses_the_character_in_a_name(app, character):
    result = run(
        app,
        "users",
        "create",
        "amina@example.org",
        "--role",
        "member",
        "--name",
        f"Amina{character}Admin",
        "--password-stdin",
        input="a long enough passphrase here\n",
    )
    assert result.exit_code == 2, result.output
    assert "one line" in result.output
    assert count(User) == 0


@pytest.mark.parametrize("character", ["\u2028", "\r", "\u202e"])
def test_services_create_refuses_the_character_in_a_name_or_translation(app, character):
    for args in (
        [f"Habitat{character}", "--email", "h@ville.example"],
        ["Habitat", "--email", "h@ville.example", "--translation", f"en=Housing{character}x"],
        ["Habitat", "--email", f"h@ville.example{character}"],
    ):
        result = run(app, "services", "create", *args)
        assert result.exit_code == 2, result.output
    assert count(Service) == 0


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        elif command.callback.__module__.startswith("council"):  # not Flask's or Migrate's
            yield " ".join((*prefix, name)), command


def test_every_text_option_of_every_command_is_checked(app):
    """A new option that takes free text must say whether it is one line or several."""
    unchecked = [
        f"{path} {param.name}"
        for path, command in _commands(app.cli)
        for param in command.params
        if param.type is click.STRING
    ]
    assert unchecked == []
    kinds = {
        type(param.type)
        for _path, command in _commands(app.cli)
        for param in command.params
        if isinstance(param.type, OneLineText | MultiLineText)
    }
    assert kinds == {OneLineText, MultiLineText}
