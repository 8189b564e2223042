"""The full-text indexes that `db.create_all()` makes are the ones the migrations made: the
migrations hold a frozen copy of the DDL, the code generates it per table."""

import importlib.util
from pathlib import Path

import pytest

from council.minutes.search import INDEX as MINUTES_INDEX
from council.proposals.search import INDEX as PROPOSALS_INDEX

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def migration(filename: str):
    spec = importlib.util.spec_from_file_location(filename, VERSIONS / filename)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("index", "filename"),
    [(PROPOSALS_INDEX, "0002_proposals.py"), (MINUTES_INDEX, "0005_minutes.py")],
)
def test_the_migration_made_the_same_index(index, filename):
    frozen = migration(filename)
    assert index.sqlite_ddl() == frozen.SQLITE_DDL
    assert index.postgresql_ddl() == frozen.POSTGRESQL_DDL


def test_autogenerate_leaves_the_hand_made_objects_alone():
    from council.models import include_in_migrations

    for name, type_ in [("proposals_fts", "table"), ("minutes_fts_data", "table"),
                        ("ix_proposals_search_text_tsv", "index"),
                        ("ix_minutes_search_text_tsv", "index")]:  # fmt: skip
        assert not include_in_migrations(name, type_, None)
    assert include_in_migrations("proposals", "table", None)
    assert include_in_migrations("ix_proposals_state", "index", None)
