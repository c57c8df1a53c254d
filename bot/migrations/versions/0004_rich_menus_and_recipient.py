"""rich menus and the outbox recipient column

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 05:02:09.845649
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rich_menus',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('rich_menu_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('synced_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rich_menus')),
    sa.UniqueConstraint('role', name=op.f('uq_rich_menus_role'))
    )
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recipient', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbound_messages_recipient'), ['recipient'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_messages_recipient'))
        batch_op.drop_column('recipient')

    op.drop_table('rich_menus')
