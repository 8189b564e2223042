"""Column types shared by all models."""

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_type(cls: type[enum.Enum], name: str) -> Enum:
    """A life-cycle column: stores the members' values ("open", not "OPEN"), and `name` names
    the PostgreSQL type (which migrations create and drop)."""
    return Enum(cls, name=name, values_callable=lambda members: [m.value for m in members])


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database.

    SQLite drops tzinfo, PostgreSQL keeps it: normalise both to aware UTC so that comparisons
    with `utcnow()` behave the same everywhere.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
