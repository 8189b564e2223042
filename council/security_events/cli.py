import click
from flask.cli import with_appcontext

from council.accounts.session import purge_ended_sessions
from council.extensions import db
from council.security_events.record import purge_security_events


@click.group("security", help="The security log.")
def security_cli():
    pass


@security_cli.command("purge")
@with_appcontext
def purge():
    """Delete security events older than SECURITY_EVENTS_DAYS, and ended sessions and used or
    expired sign-in links (daily, from cron)."""
    events = purge_security_events()
    sessions, links = purge_ended_sessions()
    db.session.commit()
    click.echo(
        f"deleted {events} security events, {sessions} ended sessions, {links} sign-in links"
    )
