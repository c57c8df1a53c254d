"""A notice's release under a lease: written and handed on batch by batch, resumable

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 15:10:00.000000
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('release_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('lease_until', bot.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_column('lease_until')
        batch_op.drop_column('release_token')
