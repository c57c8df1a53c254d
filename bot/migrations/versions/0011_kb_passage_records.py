"""knowledge passages carry their record's title and owner (a file may bundle several records)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 05:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('kb_passages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('owner', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kb_passages', schema=None) as batch_op:
        batch_op.drop_column('owner')
        batch_op.drop_column('title')
