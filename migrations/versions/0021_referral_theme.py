"""referral theme

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 14:00:00

`referrals.theme_id` (optional): what the city's question is about, so that the members who
follow that theme are told of it (issue 13). A deleted theme leaves its referrals without one.
Downgrade refuses while referrals carry a theme, unless allowed.
"""
from alembic import op
import sqlalchemy as sa

from council.migration_guards import refuse_data_loss

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("theme_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_referrals_theme_id"), ["theme_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_referrals_theme_id_themes"),
            "themes",
            ["theme_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    refuse_data_loss("0021", columns={"referrals": ["theme_id"]})
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_referrals_theme_id_themes"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_referrals_theme_id"))
        batch_op.drop_column("theme_id")
