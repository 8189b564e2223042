"""`flask meetings remind`, `flask polls close-due`, `flask audit verify` (for cron and audits)."""

import sys

import click
from flask.cli import with_appcontext

from council import proceedings
from council.audit.anchors import AnchorError, parse_anchor, read_anchor_file
from council.audit.verify import verify_record
from council.cli.params import ONE_LINE
from council.extensions import db
from council.meetings.reminders import send_reminders
from council.polls.ballot_box import wipe_sealed_remains


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
    # Again each run: a wipe that a busy database put off at an earlier close is done now.
    wipe_sealed_remains(db.engine)
    click.echo(f"{len(results)} polls closed")


@click.group("audit", help="The hash-chained audit log of votes.")
def audit_cli():
    pass


@audit_cli.command("verify")
@click.option(
    "--anchors",
    "anchor_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A poll record (JSON) or minutes feed (Atom) saved earlier, or lines 'POLL_ID HASH'.",
)
@click.option(
    "--anchor", "anchor_values", type=ONE_LINE, multiple=True, help="POLL_ID=HASH from the minutes."
)
@with_appcontext
def verify(anchor_files, anchor_values):
    """Recompute the chain, recount every poll against it, compare published heads; exit
    with status 1 on any tampering."""
    try:
        anchors = [a for path in anchor_files for a in read_anchor_file(path)]
        anchors += [parse_anchor(value) for value in anchor_values]
    except AnchorError as error:
        raise click.BadParameter(str(error)) from error
    verification = verify_record(anchors)
    for problem in verification.problems:
        click.echo(problem, err=True)
    summary = (
        f"{verification.events} events, {verification.polls} polls recounted, "
        f"{verification.anchors} published heads compared"
    )
    if not verification.ok:
        click.echo(f"audit record BROKEN ({summary})", err=True)
        sys.exit(1)
    click.echo(f"audit chain verified: {summary}")
