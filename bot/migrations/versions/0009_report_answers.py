"""reports keep every answer whole (JSON) beside the typed figures

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 04:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Reports sent before keep their typed columns; their answers start empty.
    for table in ('weekly_reports', 'household_reports'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('answers', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    for table in ('weekly_reports', 'household_reports'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('answers')
