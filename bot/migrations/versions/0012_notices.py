"""notices: audience, templates, village LINE groups; outbox rows know their notice

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 07:10:00.000000
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('line_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.String(length=64), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('joined_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('left_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_line_groups_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_line_groups')),
    sa.UniqueConstraint('group_id', name=op.f('uq_line_groups_group_id'))
    )
    op.create_table('notice_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('messages', sa.JSON(), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['console_accounts.id'], name=op.f('fk_notice_templates_account_id_console_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_templates')),
    sa.UniqueConstraint('account_id', 'name', name=op.f('uq_notice_templates_account_id'))
    )
    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('messages', sa.JSON(), nullable=False),
    sa.Column('group_ids', sa.JSON(), nullable=False),
    sa.Column('send_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('recipient_count', sa.Integer(), nullable=True),
    sa.Column('excluded', sa.JSON(), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('released_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['console_accounts.id'], name=op.f('fk_notices_account_id_console_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_notices_status_send_at', ['status', 'send_at'], unique=False)

    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('aggregation_unit', sa.String(length=30), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbound_messages_notice_id'), ['notice_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbound_messages_notice_id_notices'), 'notices', ['notice_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbound_messages_notice_id_notices'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbound_messages_notice_id'))
        batch_op.drop_column('aggregation_unit')
        batch_op.drop_column('notice_id')

    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_status_send_at')
        batch_op.drop_index(batch_op.f('ix_notices_account_id'))

    op.drop_table('notices')
    op.drop_table('notice_templates')
    op.drop_table('line_groups')
