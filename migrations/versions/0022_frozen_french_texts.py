"""frozen French texts of official records

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 13:30:00

`minutes.frozen_french` and `recommendations.frozen_french`: the French text of each passage of
approved minutes (at approval) and of a transmitted recommendation (at transmission), as
{"kind:id:field": {"text", "translated", "reviewed", "by_official"}}. The one rule of which
language a text is shown in (council/translations_content/choice.py) reads them before today's
French translation, so that a later edit changes neither approved minutes nor what a service
received. Existing rows keep NULL: they show today's French translation, as before.
Downgrade refuses while records hold frozen texts, unless allowed.
"""

from alembic import op
import sqlalchemy as sa

from council.migration_guards import refuse_data_loss

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

TABLES = ("minutes", "recommendations")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("frozen_french", sa.JSON(none_as_null=True), nullable=True)
            )


def downgrade():
    refuse_data_loss("0022", columns={table: ["frozen_french"] for table in TABLES})
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("frozen_french")
