import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from council.accounts import operations, two_factor
from council.cli.params import ONE_LINE
from council.errors import OperationError
from council.extensions import db
from council.i18n import LOCALE_CODES
from council.roles import Role
from council.services.models import Service


@click.group("users", help="Manage accounts.")
def users_cli():
    pass


@users_cli.command("create")
@click.argument("email", type=ONE_LINE)
@click.option("--name", type=ONE_LINE, required=True, help="Display name (a pseudonym is fine).")
@click.option(
    "--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role])
)
@click.option(
    "--service", "service_names", type=ONE_LINE, multiple=True, help="Service name, for officials."
)
@click.option("--locale", type=click.Choice(LOCALE_CODES), default=None)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user(email, name, roles, service_names, locale, password_stdin):
    """Create an account directly (for the first admin; others are invited)."""
    if not password_stdin:
        raise click.UsageError("give the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\n")
    services = []
    for service_name in service_names:
        service = db.session.scalar(select(Service).where(Service.name == service_name))
        if service is None:
            raise click.ClickException(f"no service named {service_name!r}")
        services.append(service)
    try:
        user = operations.create_user(
            email, name, password, {Role(r) for r in roles}, locale, services
        )
    except OperationError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"created user {user.id} <{user.email}> roles={','.join(sorted(roles))}")


@users_cli.command("reset-2fa")
@click.argument("email", type=ONE_LINE)
@with_appcontext
def reset_two_factor(email):
    """Remove a person's second factor (lost phone and recovery codes, or a new SECRET_KEY)."""
    user = operations.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with the address {email}")
    try:
        two_factor.reset_two_factor(user)
    except OperationError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"second factor removed for user {user.id}; they set up a new one at next login")
