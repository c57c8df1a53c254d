"""One-time form keys on notices and activities: a second tap of "send" makes nothing twice

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 11:32:36.126127
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_key', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_activities_form_key'), ['form_key'])

    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_key', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_notices_form_key'), ['form_key'])


def downgrade() -> None:
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_notices_form_key'), type_='unique')
        batch_op.drop_column('form_key')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_activities_form_key'), type_='unique')
        batch_op.drop_column('form_key')
