"""places, people, roles, invite codes, consent and conversations

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 04:59:04.103831
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_user_id', sa.String(length=64), nullable=False),
    sa.Column('notice_version', sa.String(length=16), nullable=False),
    sa.Column('agreed', sa.Boolean(), nullable=False),
    sa.Column('answered_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_line_user_id'), ['line_user_id'], unique=False)

    op.create_table('conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_user_id', sa.String(length=64), nullable=False),
    sa.Column('flow', sa.String(length=64), nullable=False),
    sa.Column('step', sa.String(length=64), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('started_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
    sa.UniqueConstraint('line_user_id', name=op.f('uq_conversations_line_user_id'))
    )
    op.create_table('provinces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provinces')),
    sa.UniqueConstraint('name', name=op.f('uq_provinces_name'))
    )
    op.create_table('districts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_districts_province_id_provinces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts')),
    sa.UniqueConstraint('province_id', 'name', name=op.f('uq_districts_province_id'))
    )
    op.create_table('subdistricts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_subdistricts_district_id_districts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subdistricts')),
    sa.UniqueConstraint('district_id', 'name', name=op.f('uq_subdistricts_district_id'))
    )
    op.create_table('villages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subdistrict_id', sa.Integer(), nullable=False),
    sa.Column('moo', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['subdistrict_id'], ['subdistricts.id'], name=op.f('fk_villages_subdistrict_id_subdistricts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_villages')),
    sa.UniqueConstraint('subdistrict_id', 'moo', name=op.f('uq_villages_subdistrict_id'))
    )
    op.create_table('occupational_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('occupation', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_occupational_groups_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occupational_groups')),
    sa.UniqueConstraint('village_id', 'name', name=op.f('uq_occupational_groups_village_id'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('occupation', sa.String(length=200), nullable=True),
    sa.Column('household_members', sa.Integer(), nullable=True),
    sa.Column('line_user_id', sa.String(length=64), nullable=True),
    sa.Column('linked_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_people_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('line_user_id', name=op.f('uq_people_line_user_id')),
    sa.UniqueConstraint('person_key', name=op.f('uq_people_person_key'))
    )
    op.create_table('group_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('committee_role', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['occupational_groups.id'], name=op.f('fk_group_members_group_id_occupational_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_group_members_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_members')),
    sa.UniqueConstraint('group_id', 'person_id', name=op.f('uq_group_members_group_id'))
    )
    op.create_table('invite_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_invite_codes_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invite_codes')),
    sa.UniqueConstraint('code', name=op.f('uq_invite_codes_code'))
    )
    with op.batch_alter_table('invite_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invite_codes_person_id'), ['person_id'], unique=False)

    op.create_table('leader_households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['people.id'], name=op.f('fk_leader_households_household_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['leader_id'], ['people.id'], name=op.f('fk_leader_households_leader_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leader_households')),
    sa.UniqueConstraint('leader_id', 'household_id', name=op.f('uq_leader_households_leader_id'))
    )
    op.create_table('officer_scopes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('subdistrict_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_officer_scopes_district_id_districts')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_officer_scopes_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subdistrict_id'], ['subdistricts.id'], name=op.f('fk_officer_scopes_subdistrict_id_subdistricts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_officer_scopes')),
    sa.UniqueConstraint('person_id', 'district_id', 'subdistrict_id', name=op.f('uq_officer_scopes_person_id'))
    )
    op.create_table('person_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_roles_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_roles')),
    sa.UniqueConstraint('person_id', 'role', name=op.f('uq_person_roles_person_id'))
    )
    with op.batch_alter_table('line_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rich_menu_role', sa.String(length=16), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('line_users', schema=None) as batch_op:
        batch_op.drop_column('rich_menu_role')

    op.drop_table('person_roles')
    op.drop_table('officer_scopes')
    op.drop_table('leader_households')
    with op.batch_alter_table('invite_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invite_codes_person_id'))

    op.drop_table('invite_codes')
    op.drop_table('group_members')
    op.drop_table('people')
    op.drop_table('occupational_groups')
    op.drop_table('villages')
    op.drop_table('subdistricts')
    op.drop_table('districts')
    op.drop_table('provinces')
    op.drop_table('conversations')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_line_user_id'))

    op.drop_table('consents')
