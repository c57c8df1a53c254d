"""outbox: reply_attempted becomes reply_maybe_used (only an unknown outcome can use a token);
events and outbox rows record when their payload or bodies were redacted (PDPA)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 04:40:00
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.alter_column('reply_attempted', new_column_name='reply_maybe_used')
        batch_op.add_column(sa.Column('redacted_at', bot.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redacted_at', bot.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.drop_column('redacted_at')
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_column('redacted_at')
        batch_op.alter_column('reply_maybe_used', new_column_name='reply_attempted')
