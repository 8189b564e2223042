"""indexes for lists that stay fast as the record grows

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 07:40:00

`ix_proposals_submitted_at_id` serves the public list of proposals, newest first, a page at a
time after a given proposal (keyset pagination); `ix_comments_parent_id` serves the replies of
a page of comments and the ON DELETE CASCADE of a comment's replies (without it, deleting
comments scanned the whole table once per comment).
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_proposals_submitted_at_id", "proposals", ["submitted_at", "id"]),
    ("ix_comments_parent_id", "comments", ["parent_id"]),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
