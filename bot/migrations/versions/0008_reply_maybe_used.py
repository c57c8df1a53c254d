"""outbox: reply_attempted becomes reply_maybe_used (only an unknown outcome can use a token)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 04:40:00
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.alter_column('reply_attempted', new_column_name='reply_maybe_used')


def downgrade() -> None:
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.alter_column('reply_maybe_used', new_column_name='reply_attempted')
