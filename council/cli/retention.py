"""`flask retention purge` (daily, from cron): delete what has served its time."""

import click
from flask.cli import with_appcontext

from council.extensions import db
from council.privacy.retention import purge_expired


@click.group("retention", help="Delete personal data past its retention period.")
def retention_cli():
    pass


@retention_cli.command("purge")
@with_appcontext
def purge():
    """Delete used or expired invitations and reset links, sent mail, unconfirmed minutes
    subscriptions and email follows, read marks and old security events (periods: RETENTION_*
    settings)."""
    deleted = purge_expired()
    db.session.commit()
    click.echo(", ".join(f"{kind}: {count}" for kind, count in deleted.items()))
