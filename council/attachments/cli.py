"""`flask attachments sweep` (daily, from cron, with S3 storage) and `flask attachments check`
(after a restore, or any time): the files and the database agree."""

import hashlib
from datetime import UTC, datetime, timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from council.attachments.models import Attachment
from council.attachments.storage import current_storage, storage_named
from council.extensions import db

# An object younger than this may belong to an upload whose transaction is still running.
SWEEP_GRACE = timedelta(hours=1)


@click.group("attachments", help="Keep attached files and the database in agreement.")
def attachments_cli():
    pass


@attachments_cli.command("sweep")
@with_appcontext
def sweep():
    """Delete objects in S3 storage that no attachment points to (an upload whose transaction
    failed, an object removed by a cascade), once they are an hour old."""
    storage = current_storage()
    objects = storage.stored_objects()
    if not objects:
        click.echo(f"{storage.name} storage: nothing left behind")
        return
    tokens = set(db.session.scalars(select(Attachment.token)))
    cutoff = datetime.now(UTC) - SWEEP_GRACE
    orphans = [
        key
        for key, written in objects.items()
        if storage.token_of(key) not in tokens and written < cutoff
    ]
    if orphans:
        storage.delete_keys(orphans)
    click.echo(f"{len(orphans)} objects deleted, {len(objects) - len(orphans)} kept")


@attachments_cli.command("check")
@with_appcontext
def check():
    """Read every file back and compare it with its recorded size and SHA-256 (exit status 1
    when one is missing or differs)."""
    problems, checked, total = [], 0, 0
    for attachment in db.session.scalars(select(Attachment).order_by(Attachment.id)):
        digest, size = hashlib.sha256(), 0
        try:
            for piece in storage_named(attachment.storage).read(attachment, "file"):
                digest.update(piece)
                size += len(piece)
        except Exception as error:  # a missing object: reported with the others, not a crash
            problems.append(f"file {attachment.id} ({attachment.token}): unreadable: {error}")
            continue
        if size != attachment.size or digest.hexdigest() != attachment.sha256:
            problems.append(f"file {attachment.id} ({attachment.token}): differs")
        checked += 1
        total += size
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{checked} files read back ({total} bytes), {len(problems)} problems")
    if problems:
        raise SystemExit(1)
