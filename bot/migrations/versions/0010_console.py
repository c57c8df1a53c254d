"""Officers' console: accounts, sign-in links, audit log, help cases, stored media

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 04:27:37.628528
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stored_media',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('location', sa.String(length=500), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('fetched_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_media')),
    sa.UniqueConstraint('message_id', name=op.f('uq_stored_media_message_id'))
    )
    op.create_table('help_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_help_cases_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_help_cases_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_cases')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_help_cases_source'))
    )
    with op.batch_alter_table('help_cases', schema=None) as batch_op:
        batch_op.create_index('ix_help_cases_village_status', ['village_id', 'status'], unique=False)

    op.create_table('console_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('subdistrict_id', sa.Integer(), nullable=True),
    sa.Column('fund_id', sa.Integer(), nullable=True),
    sa.Column('disabled_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_sign_in_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('officer', 'committee', 'admin')", name=op.f('ck_console_accounts_role')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_console_accounts_district_id_districts')),
    sa.ForeignKeyConstraint(['fund_id'], ['funds.id'], name=op.f('fk_console_accounts_fund_id_funds')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_console_accounts_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_console_accounts_province_id_provinces')),
    sa.ForeignKeyConstraint(['subdistrict_id'], ['subdistricts.id'], name=op.f('fk_console_accounts_subdistrict_id_subdistricts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_accounts')),
    sa.UniqueConstraint('person_id', name=op.f('uq_console_accounts_person_id')),
    sa.UniqueConstraint('username', name=op.f('uq_console_accounts_username'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['console_accounts.id'], name=op.f('fk_audit_log_account_id_console_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)

    op.create_table('console_sign_in_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['console_accounts.id'], name=op.f('fk_console_sign_in_links_account_id_console_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_sign_in_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_console_sign_in_links_token_hash'))
    )
    with op.batch_alter_table('console_sign_in_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_sign_in_links_account_id'), ['account_id'], unique=False)

    op.create_table('help_case_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['console_accounts.id'], name=op.f('fk_help_case_notes_account_id_console_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['help_cases.id'], name=op.f('fk_help_case_notes_case_id_help_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_case_notes'))
    )
    with op.batch_alter_table('help_case_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_case_notes_case_id'), ['case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('help_case_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_case_notes_case_id'))

    op.drop_table('help_case_notes')
    with op.batch_alter_table('console_sign_in_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_sign_in_links_account_id'))

    op.drop_table('console_sign_in_links')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_at')

    op.drop_table('audit_log')
    op.drop_table('console_accounts')
    with op.batch_alter_table('help_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_help_cases_village_status')

    op.drop_table('help_cases')
    op.drop_table('stored_media')
