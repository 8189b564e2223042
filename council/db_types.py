"""Column types shared by all models, and the clock every timestamp is read from."""

import enum
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator

# (moment the story clock was set to, monotonic time when it was set); None: the real clock.
_story_clock: ContextVar[tuple[datetime, float] | None] = ContextVar("story_clock", default=None)


def utcnow() -> datetime:
    story = _story_clock.get()
    if story is None:
        return datetime.now(UTC)
    moment, set_at = story
    return moment + timedelta(seconds=time.monotonic() - set_at)


@contextmanager
def clock_set_to(moment: datetime) -> Iterator[None]:
    """Run the operations inside at `moment` (then on, as time passes), so that what they stamp
    tells when it happened. Only the demo data uses it, to tell its story at past dates; flush
    before leaving, or the rows are stamped by the real clock."""
    token = _story_clock.set((moment, time.monotonic()))
    try:
        yield
    finally:
        _story_clock.reset(token)


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
