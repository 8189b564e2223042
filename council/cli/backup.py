"""`flask backup create PATH` and `flask backup restore PATH` (see council/backups and README
"Backups")."""

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from council.audit.verify import verify_record
from council.backups import manifest
from council.backups.fingerprint import differences
from council.backups.snapshot import BackupError, create, kind_of, restore
from council.extensions import db


@click.group("backup", help="Back up the database while the site runs; restore and check.")
def backup_cli():
    pass


def _database_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def create_command(path: Path):
    """Write a consistent snapshot of the database to PATH and what it holds to PATH.json."""
    if path.exists() or manifest.manifest_path(path).exists():
        raise click.ClickException(f"{path} exists already: choose a new name")
    started = time.monotonic()
    partial = path.with_name(path.name + ".partial")
    try:
        tables = create(_database_url(), partial)
        partial.rename(path)
    except BackupError as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(str(error)) from error
    written = manifest.write(path, kind_of(_database_url()), tables)
    click.echo(
        f"backup written: {path} ({written['bytes']} bytes, {len(tables)} tables, "
        f"{written['rows']} rows) in {time.monotonic() - started:.1f} s; "
        f"manifest {manifest.manifest_path(path)}"
    )


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path):
    """Restore PATH into the configured database, which must be empty; then compare every
    table with the backup's manifest and verify the audit record (exit status 1 if either
    differs)."""
    started = time.monotonic()
    try:
        expected = manifest.read(path)
        db.session.remove()
        db.engine.dispose()  # pooled connections may know an older, empty schema
        found = restore(path, _database_url())
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    problems = differences(expected["tables"], found)
    for problem in problems:
        click.echo(f"differs from the backup: {problem}", err=True)
    verification = verify_record()
    for problem in verification.problems:
        click.echo(problem, err=True)
    rows = sum(table["rows"] for table in found.values())
    summary = (
        f"{len(found)} tables, {rows} rows in {time.monotonic() - started:.1f} s; "
        f"audit record: {verification.events} events, {verification.polls} polls recounted"
    )
    if problems or not verification.ok:
        click.echo(f"restore NOT verified ({summary})", err=True)
        sys.exit(1)
    click.echo(f"restore verified: every table equals the backup ({summary})")
