"""line users, webhook events and the outbox

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 04:47:31.392851
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('line_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_user_id', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('following', sa.Boolean(), nullable=False),
    sa.Column('followed_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('blocked_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_line_users')),
    sa.UniqueConstraint('line_user_id', name=op.f('uq_line_users_line_user_id'))
    )
    op.create_table('outbound_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedup_key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=True),
    sa.Column('messages', sa.JSON(), nullable=False),
    sa.Column('reply_token', sa.String(length=64), nullable=True),
    sa.Column('event_timestamp', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reply_attempted', sa.Boolean(), nullable=False),
    sa.Column('retry_key', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('next_attempt_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('line_request_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_messages')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_outbound_messages_dedup_key'))
    )
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_messages_status_next', ['status', 'next_attempt_at'], unique=False)

    op.create_table('webhook_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('webhook_event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=32), nullable=False),
    sa.Column('source_type', sa.String(length=16), nullable=True),
    sa.Column('line_user_id', sa.String(length=64), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('received_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('processed_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_events')),
    sa.UniqueConstraint('webhook_event_id', name=op.f('uq_webhook_events_webhook_event_id'))
    )
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_events_status_received', ['status', 'received_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_events_status_received')

    op.drop_table('webhook_events')
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_messages_status_next')

    op.drop_table('outbound_messages')
    op.drop_table('line_users')
