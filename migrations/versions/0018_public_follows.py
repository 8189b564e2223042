"""public follows: an email address (no account) follows a recommendation, a service or the meetings

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 10:45:00

Downgrade refuses while someone follows (their addresses would be lost), unless allowed.
"""
from alembic import op
import sqlalchemy as sa

from council.migration_guards import refuse_data_loss


# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

SUBJECTS = ("recommendation", "service", "meetings")


def upgrade():
    op.create_table(
        "public_follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column(
            "subject_kind", sa.Enum(*SUBJECTS, name="public_follow_subject"), nullable=False
        ),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("confirm_token_hash", sa.String(length=64), nullable=True),
        sa.Column("unsubscribe_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "confirmed_at IS NULL OR confirm_token_hash IS NULL",
            name=op.f("ck_public_follows_token_used_once"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_follows")),
        sa.UniqueConstraint(
            "email", "subject_kind", "subject_id", name="uq_public_follows_subject"
        ),
        sa.UniqueConstraint("confirm_token_hash", name=op.f("uq_public_follows_confirm_token_hash")),
        sa.UniqueConstraint("unsubscribe_key", name=op.f("uq_public_follows_unsubscribe_key")),
    )
    with op.batch_alter_table("public_follows", schema=None) as batch_op:
        batch_op.create_index("ix_public_follows_subject", ["subject_kind", "subject_id"])


def downgrade():
    refuse_data_loss("0018", tables=["public_follows"])
    with op.batch_alter_table("public_follows", schema=None) as batch_op:
        batch_op.drop_index("ix_public_follows_subject")
    op.drop_table("public_follows")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TYPE public_follow_subject")
