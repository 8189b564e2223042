"""meeting changes and published agenda

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 13:30:00

`meetings.agenda_published_at`: when the secretary last published the agenda (the members are
told); `meetings.sequence`: the iCalendar SEQUENCE, raised when the date or the place changes so
that calendar apps replace the event they hold. Downgrade refuses while a published agenda or a
changed meeting would lose that mark, unless allowed.
"""
from alembic import op
import sqlalchemy as sa

from council.migration_guards import refuse_data_loss

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("agenda_published_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("sequence", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    refuse_data_loss("0020", columns={"meetings": ["agenda_published_at"]})
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("sequence")
        batch_op.drop_column("agenda_published_at")
