"""index scheduled messages by category and day

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 05:55:33.405691
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('scheduled_messages', schema=None) as batch_op:
        batch_op.create_index('ix_scheduled_messages_category_day', ['category', 'local_date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('scheduled_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_scheduled_messages_category_day')

