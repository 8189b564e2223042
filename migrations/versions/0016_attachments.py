"""attachments and their bytes in chunks (database storage)

Files attached to proposals, meetings, agenda items, minutes, referrals, responses and
follow-ups.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 09:09:36

Downgrade refuses while attachments exist (their files would be lost), unless allowed.
"""
from alembic import op
import sqlalchemy as sa

from council.migration_guards import refuse_data_loss


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=43), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('minutes_id', sa.Integer(), nullable=True),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('follow_up_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('alt_text', sa.String(length=500), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('filename', sa.String(length=120), nullable=False),
    sa.Column('file_kind', sa.Enum('pdf', 'odt', 'docx', 'ods', 'xlsx', 'png', 'jpeg', 'webp', 'text', name='attachment_file_kind'), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('preview_size', sa.Integer(), nullable=True),
    sa.Column('storage', sa.String(length=16), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("file_kind NOT IN ('png', 'jpeg', 'webp') OR length(alt_text) > 0", name=op.f('ck_attachments_image_has_alt_text')),
    sa.CheckConstraint('(CASE WHEN proposal_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN meeting_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agenda_item_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN minutes_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN referral_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN response_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN follow_up_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_attachments_exactly_one_owner')),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_attachments_title_not_empty')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_attachments_size_not_negative')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_attachments_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['follow_up_id'], ['recommendation_follow_ups.id'], name=op.f('fk_attachments_follow_up_id_recommendation_follow_ups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_attachments_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_attachments_minutes_id_minutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_attachments_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_attachments_referral_id_referrals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['recommendation_responses.id'], name=op.f('fk_attachments_response_id_recommendation_responses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('token', name=op.f('uq_attachments_token'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_follow_up_id'), ['follow_up_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_minutes_id'), ['minutes_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_referral_id'), ['referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_response_id'), ['response_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_uploaded_by_id'), ['uploaded_by_id'], unique=False)

    op.create_table('attachment_chunks',
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=10), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_attachment_chunks_attachment_id_attachments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attachment_id', 'part', 'seq', name=op.f('pk_attachment_chunks'))
    )


def downgrade():
    refuse_data_loss("0016", tables=("attachments", "attachment_chunks"))
    op.drop_table('attachment_chunks')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_response_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_referral_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_minutes_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_follow_up_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_agenda_item_id'))

    op.drop_table('attachments')
    if op.get_bind().dialect.name == "postgresql":
        sa.Enum(name="attachment_file_kind").drop(op.get_bind(), checkfirst=True)
