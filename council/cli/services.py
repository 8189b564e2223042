import click
from flask.cli import with_appcontext

from council.cli.params import ONE_LINE, TEXT
from council.errors import OperationError
from council.extensions import db
from council.services import operations


@click.group("services", help="Manage municipal services.")
def services_cli():
    pass


@services_cli.command("create")
@click.argument("name", type=ONE_LINE)
@click.option(
    "--email", "contact_email", type=ONE_LINE, required=True, help="Contact address of the service."
)
@click.option("--description", type=TEXT, default="")
@click.option(
    "--translation",
    "translations",
    type=ONE_LINE,
    multiple=True,
    metavar="LOCALE=NAME",
    help="Name in another language, e.g. --translation en='Housing department'.",
)
@with_appcontext
def create_service(name, contact_email, description, translations):
    names = {}
    for item in translations:
        locale, sep, translated = item.partition("=")
        if not sep:
            raise click.UsageError(f"--translation needs LOCALE=NAME, got {item!r}")
        names[locale] = translated
    try:
        service = operations.create_service(name, contact_email, description, names)
    except OperationError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"created service {service.id} {service.name!r}")
