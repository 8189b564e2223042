"""`flask meetings remind`, `flask polls close-due`, `flask audit verify` (for cron and audits)."""

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from council import proceedings
from council.audit.chain import verify_chain
from council.extensions import db
from council.meetings.reminders import send_reminders
from council.polls.models import PollResult


@click.group("meetings", help="Meetings.")
def meetings_cli():
    pass


@meetings_cli.command("remind")
@with_appcontext
def remind():
    """Queue reminder emails due now (3 days and 1 day before). Run it hourly."""
    queued = send_reminders()
    db.session.commit()
    click.echo(f"{queued} reminders queued")


@click.group("polls", help="Polls.")
def polls_cli():
    pass


@polls_cli.command("close-due")
@with_appcontext
def close_due():
    """Close online polls whose closing time has passed and freeze their results."""
    results = proceedings.close_due_polls()
    db.session.commit()
    click.echo(f"{len(results)} polls closed")


@click.group("audit", help="The hash-chained audit log of votes.")
def audit_cli():
    pass


@audit_cli.command("verify")
@with_appcontext
def verify():
    """Recompute the chain; exit with status 1 on any tampering."""
    heads = {
        f"result of poll {poll_id}": head
        for poll_id, head in db.session.execute(select(PollResult.poll_id, PollResult.audit_head))
    }
    verification = verify_chain(heads)
    for problem in verification.problems:
        click.echo(problem, err=True)
    if not verification.ok:
        click.echo(f"audit chain BROKEN ({verification.checked} events checked)", err=True)
        sys.exit(1)
    click.echo(f"audit chain verified: {verification.checked} events")
