import time

import click
from flask.cli import with_appcontext

from council.mail.delivery import deliver_pending


@click.group("mail", help="The outbox of emails.")
def mail_cli():
    pass


@mail_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep running, checking every --interval seconds.")
@click.option("--interval", default=10.0, show_default=True)
@with_appcontext
def deliver(loop, interval):
    """Send due messages; failed ones are retried later with backoff."""
    while True:
        sent, failed = deliver_pending()
        if sent or failed or not loop:
            click.echo(f"sent {sent}, failed {failed}")
        if not loop:
            return
        time.sleep(interval)
