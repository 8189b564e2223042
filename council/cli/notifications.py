"""`flask notifications digest`: the daily and weekly email digests, meant for a daily cron."""

import click
from flask.cli import with_appcontext

from council.dates import council_today
from council.extensions import db
from council.notifications.digest import send_digests
from council.notifications.models import Delivery


@click.group("notifications")
def notifications_cli():
    """Notification emails."""


@notifications_cli.command("digest")
@with_appcontext
def digest():
    """Queue the daily digests, and the weekly ones once a week (run it daily; idempotent)."""
    counts = send_digests(council_today())
    db.session.commit()
    click.echo(
        f"{counts[Delivery.DAILY]} daily and {counts[Delivery.WEEKLY]} weekly digest(s) queued"
    )
