"""sealed ballots: a secret poll's choices stay encrypted until it closes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 07:00:00

New table `sealed_ballots` (docs/ballot-secrecy.md). Closed polls keep their ballot box and
results untouched. The ballots already cast in a secret poll that is open during the upgrade
move from the ballot box into sealed ballots, sealed with the running application's
SECRET_KEY, so that from now on the live database no longer shows what they chose; those
ballots were readable (and linkable to their voters) in the database's older WAL and in
backups taken before the upgrade, as before. The downgrade opens them again (it needs the
same SECRET_KEY) and puts them back in the ballot box.
"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

OPEN_SECRET_POLLS = sa.text(
    "SELECT id FROM polls WHERE state = 'open' AND secrecy = 'secret' AND method = 'electronic'"
)


def _overwrite_deleted_rows(connection) -> None:
    if connection.dialect.name == "sqlite":  # see council.polls.ballot_box
        connection.exec_driver_sql("PRAGMA secure_delete=ON")


def upgrade():
    op.create_table(
        "sealed_ballots",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_sealed_ballots_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sealed_ballots")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("sealed_ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sealed_ballots_poll_id"), ["poll_id"], unique=False)

    from council.polls.sealing import seal

    connection = op.get_bind()
    _overwrite_deleted_rows(connection)
    for poll_id in connection.execute(OPEN_SECRET_POLLS).scalars().all():
        rows = connection.execute(
            sa.text("SELECT receipt, choice FROM secret_ballots WHERE poll_id = :p"),
            {"p": poll_id},
        ).all()
        for receipt, choice in rows:
            connection.execute(
                sa.text("INSERT INTO sealed_ballots (id, poll_id, sealed) VALUES (:i, :p, :s)"),
                {"i": secrets.token_hex(16), "p": poll_id, "s": seal(poll_id, receipt, choice)},
            )
        connection.execute(
            sa.text("DELETE FROM secret_ballots WHERE poll_id = :p"), {"p": poll_id}
        )


def downgrade():
    from council.polls.sealing import unseal

    connection = op.get_bind()
    for poll_id in connection.execute(OPEN_SECRET_POLLS).scalars().all():
        sealed = connection.execute(
            sa.text("SELECT sealed FROM sealed_ballots WHERE poll_id = :p"), {"p": poll_id}
        ).scalars()
        for receipt, choice in [unseal(poll_id, blob) for blob in sealed]:
            connection.execute(
                sa.text("INSERT INTO secret_ballots (receipt, poll_id, choice) VALUES (:r, :p, :c)"),
                {"r": receipt, "p": poll_id, "c": choice.value},
            )
    with op.batch_alter_table("sealed_ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealed_ballots_poll_id"))
    op.drop_table("sealed_ballots")
