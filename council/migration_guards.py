"""A downgrade that would destroy data refuses, and says what would be lost.

Each migration's `downgrade()` starts with `refuse_data_loss(...)`, naming the tables and
columns it drops. When any of them holds data, the downgrade stops before changing anything
unless the operator said so explicitly:

    flask db downgrade -x allow-data-loss=1 REVISION     (or COUNCIL_ALLOW_DATA_LOSS=1)

Empty databases (CI's upgrade → downgrade → upgrade) are never refused. Migrations run one
transaction each (migrations/env.py), so a refusal leaves the database at a known revision.
"""

import os

import click
from alembic import context, op
from sqlalchemy import inspect, text

ALLOW_FLAG = "allow-data-loss"
ALLOW_ENV = "COUNCIL_ALLOW_DATA_LOSS"


def allowed() -> bool:
    flag = context.get_x_argument(as_dictionary=True).get(ALLOW_FLAG, "")
    return (flag or os.environ.get(ALLOW_ENV, "")).strip().lower() in {"1", "true", "yes"}


def data_at_risk(bind, tables=(), columns=None) -> dict[str, int]:
    """{"table: rows" or "table.column": values} for what holds data."""
    existing = set(inspect(bind).get_table_names())
    lost = {}
    for table in tables:
        if table in existing:
            rows = bind.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()  # noqa: S608
            if rows:
                lost[table] = rows
    for table, names in (columns or {}).items():
        if table not in existing:
            continue
        for column in names:
            values = bind.execute(
                text(f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL')  # noqa: S608
            ).scalar()
            if values:
                lost[f"{table}.{column}"] = values
    return lost


def refuse_data_loss(revision: str, tables=(), columns=None) -> None:
    if context.is_offline_mode():
        return  # writing SQL for a DBA: nothing to count
    lost = data_at_risk(op.get_bind(), tables, columns)
    if not lost or allowed():
        return
    lines = "\n".join(
        f"  {name}: {count} {'values' if '.' in name else 'rows'}" for name, count in lost.items()
    )
    raise click.ClickException(
        f"downgrading {revision} would delete data:\n{lines}\n"
        "Nothing was changed by this step. Take a backup first (flask backup create PATH); "
        f"to go ahead, run the downgrade again with -x {ALLOW_FLAG}=1 (or {ALLOW_ENV}=1)."
    )
