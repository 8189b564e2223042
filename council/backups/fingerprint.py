"""What a database holds, in a few numbers: each table's row count and a hash of its rows.

Rows are read in primary-key order (all columns when a table has none) and each value is
hashed with its type, so two databases of the same kind holding the same rows give the same
fingerprint, and any changed, added or missing row changes it.
"""

import hashlib

from sqlalchemy import Connection, column, inspect, select, table, text


def table_names(connection: Connection) -> list[str]:
    """The tables of the database, without SQLite's own and its full-text virtual tables
    (their content is in their shadow tables, which are listed)."""
    names = inspect(connection).get_table_names()
    if connection.dialect.name == "sqlite":
        virtual = set(
            connection.scalars(
                text("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            )
        )
        names = [name for name in names if name not in virtual]
    return sorted(name for name in names if not name.startswith("sqlite_"))


def _value_bytes(value) -> bytes:
    if value is None:
        return b"\x00"
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        return b"b" + len(raw).to_bytes(8, "big") + raw
    shown = f"{type(value).__name__}:{value}".encode()
    return b"v" + len(shown).to_bytes(8, "big") + shown


def table_fingerprint(connection: Connection, name: str) -> dict:
    """Rows and hash of one table, read as the driver gives them (no type conversion that
    could differ between the two ends or fail on a stored value)."""
    inspector = inspect(connection)
    names = [found["name"] for found in inspector.get_columns(name)]
    keys = inspector.get_pk_constraint(name).get("constrained_columns") or names
    rows_of = table(name, *(column(each) for each in names))
    query = select(*rows_of.columns).order_by(*(rows_of.c[key] for key in keys))
    digest, rows = hashlib.sha256(), 0
    for row in connection.execution_options(yield_per=2000).execute(query):
        rows += 1
        for value in row:
            digest.update(_value_bytes(value))
    return {"rows": rows, "sha256": digest.hexdigest()}


def fingerprint(connection: Connection) -> dict[str, dict]:
    """{table: {"rows": N, "sha256": HEX}} of every table the connection sees."""
    return {name: table_fingerprint(connection, name) for name in table_names(connection)}


def differences(expected: dict[str, dict], found: dict[str, dict]) -> list[str]:
    """What differs between two fingerprints, one line per table."""
    lines = []
    for name in sorted(set(expected) | set(found)):
        want, got = expected.get(name), found.get(name)
        if want is None:
            lines.append(f"{name}: not in the backup's manifest")
        elif got is None:
            lines.append(f"{name}: missing ({want['rows']} rows expected)")
        elif want != got:
            lines.append(
                f"{name}: {got['rows']} rows (expected {want['rows']})"
                + ("" if want["rows"] != got["rows"] else ", contents differ")
            )
    return lines
