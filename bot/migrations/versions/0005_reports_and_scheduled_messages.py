"""weekly and household reports, scheduled messages

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 05:25:33.200332
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scheduled_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('line_user_id', sa.String(length=64), nullable=True),
    sa.Column('local_date', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_messages')),
    sa.UniqueConstraint('key', name=op.f('uq_scheduled_messages_key'))
    )
    with op.batch_alter_table('scheduled_messages', schema=None) as batch_op:
        batch_op.create_index('ix_scheduled_messages_user_day', ['line_user_id', 'local_date'], unique=False)

    op.create_table('household_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('practised', sa.Boolean(), nullable=False),
    sa.Column('income', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('expenses_saved', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('income_vs_start', sa.String(length=8), nullable=False),
    sa.Column('problems', sa.Text(), nullable=True),
    sa.Column('needs_help', sa.Boolean(), nullable=False),
    sa.Column('submitted_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['people.id'], name=op.f('fk_household_reports_household_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_reports')),
    sa.UniqueConstraint('household_id', 'month', name=op.f('uq_household_reports_household_id'))
    )
    with op.batch_alter_table('household_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_reports_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_reports_month'), ['month'], unique=False)

    op.create_table('weekly_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('visited_household_ids', sa.JSON(), nullable=False),
    sa.Column('activities', sa.JSON(), nullable=False),
    sa.Column('households_practising', sa.Integer(), nullable=False),
    sa.Column('income_trend', sa.String(length=8), nullable=False),
    sa.Column('income_change', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('problems', sa.Text(), nullable=True),
    sa.Column('help_needed', sa.Text(), nullable=True),
    sa.Column('photo_message_ids', sa.JSON(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('submitted_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['leader_id'], ['people.id'], name=op.f('fk_weekly_reports_leader_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weekly_reports')),
    sa.UniqueConstraint('leader_id', 'week', name=op.f('uq_weekly_reports_leader_id'))
    )
    with op.batch_alter_table('weekly_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_weekly_reports_leader_id'), ['leader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_weekly_reports_week'), ['week'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('weekly_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_weekly_reports_week'))
        batch_op.drop_index(batch_op.f('ix_weekly_reports_leader_id'))

    op.drop_table('weekly_reports')
    with op.batch_alter_table('household_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_reports_month'))
        batch_op.drop_index(batch_op.f('ix_household_reports_household_id'))

    op.drop_table('household_reports')
    with op.batch_alter_table('scheduled_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_scheduled_messages_user_day')

    op.drop_table('scheduled_messages')
