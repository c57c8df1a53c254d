"""loans

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 05:27:31.017244
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('funds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('subdistrict_id', sa.Integer(), nullable=True),
    sa.Column('treasurer_id', sa.Integer(), nullable=True),
    sa.Column('ladder', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['subdistrict_id'], ['subdistricts.id'], name=op.f('fk_funds_subdistrict_id_subdistricts')),
    sa.ForeignKeyConstraint(['treasurer_id'], ['people.id'], name=op.f('fk_funds_treasurer_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_funds_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funds')),
    sa.UniqueConstraint('name', name=op.f('uq_funds_name'))
    )
    op.create_table('loans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=False),
    sa.Column('contract', sa.String(length=50), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('principal', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('interest_rate', sa.Numeric(precision=6, scale=3), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=False),
    sa.Column('frequency', sa.String(length=16), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(group_id IS NULL) <> (household_id IS NULL)', name=op.f('ck_loans_one_borrower')),
    sa.ForeignKeyConstraint(['committee_id'], ['people.id'], name=op.f('fk_loans_committee_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fund_id'], ['funds.id'], name=op.f('fk_loans_fund_id_funds')),
    sa.ForeignKeyConstraint(['group_id'], ['occupational_groups.id'], name=op.f('fk_loans_group_id_occupational_groups')),
    sa.ForeignKeyConstraint(['household_id'], ['people.id'], name=op.f('fk_loans_household_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loans')),
    sa.UniqueConstraint('fund_id', 'contract', name=op.f('uq_loans_fund_id'))
    )
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loans_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loans_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loans_household_id'), ['household_id'], unique=False)

    op.create_table('instalments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('loan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('principal_due', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('interest_due', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('amount_due', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('paid_amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['loan_id'], ['loans.id'], name=op.f('fk_instalments_loan_id_loans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instalments')),
    sa.UniqueConstraint('loan_id', 'number', name=op.f('uq_instalments_loan_id'))
    )
    with op.batch_alter_table('instalments', schema=None) as batch_op:
        batch_op.create_index('ix_instalments_due_on', ['due_on'], unique=False)

    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('loan_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('slip_message_id', sa.String(length=64), nullable=True),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['people.id'], name=op.f('fk_payments_decided_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['loan_id'], ['loans.id'], name=op.f('fk_payments_loan_id_loans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['people.id'], name=op.f('fk_payments_reported_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_loan_id'), ['loan_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_loan_id'))

    op.drop_table('payments')
    with op.batch_alter_table('instalments', schema=None) as batch_op:
        batch_op.drop_index('ix_instalments_due_on')

    op.drop_table('instalments')
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loans_household_id'))
        batch_op.drop_index(batch_op.f('ix_loans_group_id'))
        batch_op.drop_index(batch_op.f('ix_loans_fund_id'))

    op.drop_table('loans')
    op.drop_table('funds')
