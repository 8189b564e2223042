"""agenda item shown on the room screen

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 10:30:00

`agenda_items.shown_at`: when the secretary put the item on the room's screen; the meeting's
current item is the one shown last. A time on the item rather than a pointer on the meeting:
no foreign-key cycle between meetings and their items, and a removed item takes its mark away.
Downgrade refuses while items carry the mark, unless allowed.
"""
from alembic import op
import sqlalchemy as sa

from council.migration_guards import refuse_data_loss

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shown_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    refuse_data_loss("0019", columns={"agenda_items": ["shown_at"]})
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_column("shown_at")
