"""PATH.json next to each backup: what the backup holds (each table's rows and hash, the schema
revision) and the file's own hash, so that a restore can prove it got everything back and a
copy damaged on its way to another machine is refused before anything is written."""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from council.backups.snapshot import BackupError

FORMAT = 1


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write(backup: Path, kind: str, tables: dict[str, dict]) -> dict:
    revision = tables.get("alembic_version")
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": kind,
        "bytes": backup.stat().st_size,
        "sha256": file_hash(backup),
        "rows": sum(table["rows"] for table in tables.values()),
        "has_schema_revision": bool(revision and revision["rows"]),
        "tables": tables,
    }
    manifest_path(backup).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def read(backup: Path) -> dict:
    path = manifest_path(backup)
    if not path.exists():
        raise BackupError(f"{path} is missing: keep the manifest next to its backup")
    try:
        manifest = json.loads(path.read_text())
    except ValueError as error:
        raise BackupError(f"{path} cannot be read: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a manifest this version reads")
    if file_hash(backup) != manifest["sha256"]:
        raise BackupError(
            f"{backup} is not the file its manifest describes (damaged or replaced copy)"
        )
    return manifest
