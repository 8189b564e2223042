"""outbox: messages claimed before sending (sending, claimed_at), quarantined and discarded

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 07:00:00

PostgreSQL: new enum values are added outside the migration's transaction (a value added in
a transaction cannot be used in it, and the new CHECK uses 'sending'). SQLite: the column's
enum becomes wide enough for 'quarantined'. Downgrade: a message being sent goes back to
pending (it is sent again), quarantined and discarded ones become failed (their error kept).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

OLD = ("pending", "sent", "failed")
NEW = ("pending", "sending", "sent", "failed", "quarantined", "discarded")
SENDING_CHECK = "(status = 'sending') = (claimed_at IS NOT NULL)"
SENT_CHECK = "(status = 'sent') = (sent_at IS NOT NULL)"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            for value in ("sending", "quarantined", "discarded"):
                op.execute(f"ALTER TYPE outbox_status ADD VALUE IF NOT EXISTS '{value}'")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        if op.get_bind().dialect.name != "postgresql":
            batch_op.alter_column(
                "status",
                existing_type=sa.Enum(*OLD, name="outbox_status"),
                type_=sa.Enum(*NEW, name="outbox_status"),
                existing_nullable=False,
            )
        batch_op.create_check_constraint(
            op.f("ck_outbox_messages_sending_iff_claimed_at"), SENDING_CHECK
        )


def downgrade():
    op.execute(
        "UPDATE outbox_messages SET status = 'pending', claimed_at = NULL "
        "WHERE status = 'sending'"
    )
    op.execute(
        "UPDATE outbox_messages SET status = 'failed' WHERE status IN ('quarantined', 'discarded')"
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_messages_sending_iff_claimed_at"), type_="check")
        batch_op.drop_column("claimed_at")
        if op.get_bind().dialect.name != "postgresql":
            batch_op.alter_column(
                "status",
                existing_type=sa.Enum(*NEW, name="outbox_status"),
                type_=sa.Enum(*OLD, name="outbox_status"),
                existing_nullable=False,
            )
    if op.get_bind().dialect.name == "postgresql":
        # PostgreSQL cannot remove a value from an enum: the type is made again without them.
        op.execute("ALTER TABLE outbox_messages DROP CONSTRAINT ck_outbox_messages_sent_iff_sent_at")
        op.execute("DROP INDEX ix_outbox_messages_due")
        op.execute("ALTER TYPE outbox_status RENAME TO outbox_status_old")
        op.execute("CREATE TYPE outbox_status AS ENUM ('pending', 'sent', 'failed')")
        op.execute(
            "ALTER TABLE outbox_messages ALTER COLUMN status TYPE outbox_status "
            "USING status::text::outbox_status"
        )
        op.execute("DROP TYPE outbox_status_old")
        op.execute("CREATE INDEX ix_outbox_messages_due ON outbox_messages (status, next_attempt_at)")
        op.execute(
            "ALTER TABLE outbox_messages ADD CONSTRAINT ck_outbox_messages_sent_iff_sent_at "
            f"CHECK ({SENT_CHECK})"
        )
