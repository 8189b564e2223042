import time

import click
from flask.cli import with_appcontext

from council.webhooks.delivery import deliver_pending


@click.group("webhooks", help="Webhook deliveries to the services' systems.")
def webhooks_cli():
    pass


@webhooks_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep running, checking every --interval seconds.")
@click.option("--interval", default=10.0, show_default=True)
@with_appcontext
def deliver(loop, interval):
    """Send due deliveries; failed ones are retried later with backoff."""
    while True:
        delivered, failed = deliver_pending()
        if delivered or failed or not loop:
            click.echo(f"delivered {delivered}, failed {failed}")
        if not loop:
            return
        time.sleep(interval)
