"""link agenda items to proposals and referrals, and proposals to the referral they answer

Revision ID: 0008
Revises: 0004
Create Date: 2026-11-25 20:15:32.730174

On SQLite the columns are added with ALTER TABLE ADD COLUMN (foreign key and CHECK inline):
a batch "recreate" would drop `proposals` and `agenda_items`, and with foreign keys on that
deletes their children through ON DELETE CASCADE (polls, ballots, proposal events…), and it
would also lose the full-text triggers on `proposals`.
"""

from alembic import op
import sqlalchemy as sa

from council.migration_guards import refuse_data_loss


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None

PROPOSAL_IFF_KIND = "(kind = 'proposal') = (proposal_id IS NOT NULL)"
REFERRAL_IFF_KIND = "(kind = 'referral') = (referral_id IS NOT NULL)"

SQLITE_UPGRADE = [
    "ALTER TABLE agenda_items ADD COLUMN proposal_id INTEGER "
    "CONSTRAINT fk_agenda_items_proposal_id_proposals REFERENCES proposals (id) "
    f"CONSTRAINT ck_agenda_items_proposal_iff_kind CHECK ({PROPOSAL_IFF_KIND})",
    "ALTER TABLE agenda_items ADD COLUMN referral_id INTEGER "
    "CONSTRAINT fk_agenda_items_referral_id_referrals REFERENCES referrals (id) "
    f"CONSTRAINT ck_agenda_items_referral_iff_kind CHECK ({REFERRAL_IFF_KIND})",
    "ALTER TABLE proposals ADD COLUMN referral_id INTEGER "
    "CONSTRAINT fk_proposals_referral_id_referrals REFERENCES referrals (id)",
]

INDEXES = [
    ("ix_agenda_items_proposal_id", "agenda_items", "proposal_id"),
    ("ix_agenda_items_referral_id", "agenda_items", "referral_id"),
    ("ix_proposals_referral_id", "proposals", "referral_id"),
]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    if _sqlite():
        for statement in SQLITE_UPGRADE:
            op.execute(statement)
    else:
        op.add_column("agenda_items", sa.Column("proposal_id", sa.Integer(), nullable=True))
        op.add_column("agenda_items", sa.Column("referral_id", sa.Integer(), nullable=True))
        op.add_column("proposals", sa.Column("referral_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_agenda_items_proposal_id_proposals", "agenda_items", "proposals",
            ["proposal_id"], ["id"],
        )  # fmt: skip
        op.create_foreign_key(
            "fk_agenda_items_referral_id_referrals", "agenda_items", "referrals",
            ["referral_id"], ["id"],
        )  # fmt: skip
        op.create_foreign_key(
            "fk_proposals_referral_id_referrals", "proposals", "referrals",
            ["referral_id"], ["id"],
        )  # fmt: skip
        op.create_check_constraint(
            op.f("ck_agenda_items_proposal_iff_kind"), "agenda_items", PROPOSAL_IFF_KIND
        )
        op.create_check_constraint(
            op.f("ck_agenda_items_referral_iff_kind"), "agenda_items", REFERRAL_IFF_KIND
        )
    for name, table, column in INDEXES:
        op.create_index(name, table, [column], unique=False)


# 0004 links no item to anything: linked items become plain ones ("other business").
UNLINK_ITEMS = (
    "UPDATE agenda_items SET kind = 'other', proposal_id = NULL, referral_id = NULL "
    "WHERE kind IN ('proposal', 'referral')"
)


def downgrade():
    refuse_data_loss("0008", columns={"agenda_items": ["referral_id", "proposal_id"], "proposals": ["referral_id"]})
    if _sqlite():
        _sqlite_downgrade()
        return
    op.execute(UNLINK_ITEMS)
    for name, table, _column in INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_constraint(op.f("ck_agenda_items_referral_iff_kind"), "agenda_items", type_="check")
    op.drop_constraint(op.f("ck_agenda_items_proposal_iff_kind"), "agenda_items", type_="check")
    op.drop_constraint("fk_proposals_referral_id_referrals", "proposals", type_="foreignkey")
    op.drop_constraint("fk_agenda_items_referral_id_referrals", "agenda_items", type_="foreignkey")
    op.drop_constraint("fk_agenda_items_proposal_id_proposals", "agenda_items", type_="foreignkey")
    op.drop_column("proposals", "referral_id")
    op.drop_column("agenda_items", "referral_id")
    op.drop_column("agenda_items", "proposal_id")


# The full-text triggers of 0002, dropped with the old `proposals` table when it is rebuilt.
SQLITE_FTS_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS proposals_fts_insert AFTER INSERT ON proposals BEGIN "
    "INSERT INTO proposals_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS proposals_fts_delete AFTER DELETE ON proposals BEGIN "
    "INSERT INTO proposals_fts(proposals_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS proposals_fts_update AFTER UPDATE OF search_text ON proposals "
    "BEGIN INSERT INTO proposals_fts(proposals_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO proposals_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]


def _sqlite_downgrade():
    """SQLite drops a column holding a foreign key only by rebuilding the table, and dropping
    the old table with foreign keys on would cascade-delete its children (polls, ballots,
    proposal events…): foreign keys are switched off first, and we stop if they are not."""
    bind = op.get_bind()
    op.execute("PRAGMA foreign_keys=OFF")  # effective outside a transaction only
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("cannot switch SQLite foreign keys off inside a transaction")
    for name, table, _column in INDEXES:
        op.drop_index(name, table_name=table)
    op.execute(UNLINK_ITEMS)
    with op.batch_alter_table("agenda_items", recreate="always") as batch_op:
        batch_op.drop_constraint(op.f("ck_agenda_items_referral_iff_kind"), type_="check")
        batch_op.drop_constraint(op.f("ck_agenda_items_proposal_iff_kind"), type_="check")
        batch_op.drop_column("referral_id")
        batch_op.drop_column("proposal_id")
    with op.batch_alter_table("proposals", recreate="always") as batch_op:
        batch_op.drop_column("referral_id")
    for statement in SQLITE_FTS_TRIGGERS:
        op.execute(statement)
    op.execute("PRAGMA foreign_keys=ON")
