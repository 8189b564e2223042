import logging
import time
from contextlib import suppress

import click
from flask.cli import with_appcontext

from council.extensions import db
from council.mail.delivery import deliver_pending

logger = logging.getLogger(__name__)


@click.group("mail", help="The outbox of emails.")
def mail_cli():
    pass


@mail_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep running, checking every --interval seconds.")
@click.option("--interval", default=10.0, show_default=True)
@with_appcontext
def deliver(loop, interval):
    """Send due messages; failed ones are retried later with backoff, and those that cannot
    go out are quarantined (see /admin/mail)."""
    if not loop:
        report = deliver_pending()
        click.echo(str(report))
        if report.unrecorded:
            raise click.ClickException("the database did not answer: run again later")
        return
    while True:
        try:
            report = deliver_pending()
        except Exception:
            # The sender outlives what goes wrong around it (a database restarting, a network
            # blip): it says so, waits and starts again.
            logger.exception("mail delivery failed; trying again in %s s", interval)
            with suppress(Exception):  # a dead connection cannot roll back; it is replaced
                db.session.rollback()
        else:
            if report.sent or report.failed or report.quarantined:
                click.echo(str(report))
        time.sleep(interval)
