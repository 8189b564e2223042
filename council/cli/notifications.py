"""`flask notifications digest`: the daily email digest, meant for cron."""

import click
from flask.cli import with_appcontext

from council.dates import council_today
from council.extensions import db
from council.notifications.digest import send_daily_digests


@click.group("notifications")
def notifications_cli():
    """Notification emails."""


@notifications_cli.command("digest")
@with_appcontext
def digest():
    """Queue today's digest for everyone who chose daily emails (idempotent per day)."""
    count = send_daily_digests(council_today())
    db.session.commit()
    click.echo(f"{count} digest(s) queued")
