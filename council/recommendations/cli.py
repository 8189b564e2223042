"""`flask recommendations remind` (for cron)."""

import click
from flask.cli import with_appcontext

from council.extensions import db
from council.recommendations.reminders import send_reminders


@click.group("recommendations", help="Recommendations to municipal services.")
def recommendations_cli():
    pass


@recommendations_cli.command("remind")
@with_appcontext
def remind():
    """Queue reminders to services that have not answered (7 days before, on the deadline).
    Safe to run several times a day."""
    queued = send_reminders()
    db.session.commit()
    click.echo(f"{queued} reminders queued")
