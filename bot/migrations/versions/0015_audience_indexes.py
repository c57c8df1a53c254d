"""Indexes the audience query reads: people by village, and each LINE user's latest consent

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 11:25:00
"""
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_village_id'), ['village_id'], unique=False)
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index('ix_consents_latest', ['line_user_id', 'answered_at', 'id', 'agreed'], unique=False)
        batch_op.drop_index(batch_op.f('ix_consents_line_user_id'))


def downgrade() -> None:
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_line_user_id'), ['line_user_id'], unique=False)
        batch_op.drop_index('ix_consents_latest')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_village_id'))
