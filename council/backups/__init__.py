"""Backups that can be restored and are proven to have been: `flask backup create PATH` and
`flask backup restore PATH` (council/cli/backup.py).

- A backup is a consistent snapshot taken while the site runs: SQLite's online backup API
  (copying the file of a database in WAL mode loses what is still in the -wal file), and
  `pg_dump` for PostgreSQL, in the very snapshot the fingerprint is read from.
- Next to it, PATH.json (the manifest) holds each table's row count and content hash and the
  schema revision. A restore goes into an empty database only, then recomputes the
  fingerprint and compares it with the manifest, and runs `audit verify` on the result.
"""
