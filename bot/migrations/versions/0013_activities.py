"""Activities: who is invited and what each answered, and who came (issue 12)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 07:05:48.015429
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('starts_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('province_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('subdistrict_id', sa.Integer(), nullable=True),
    sa.Column('created_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('planned', 'cancelled')", name=op.f('ck_activities_status')),
    sa.ForeignKeyConstraint(['account_id'], ['console_accounts.id'], name=op.f('fk_activities_account_id_console_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_activities_district_id_districts')),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_activities_province_id_provinces')),
    sa.ForeignKeyConstraint(['subdistrict_id'], ['subdistricts.id'], name=op.f('fk_activities_subdistrict_id_subdistricts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index('ix_activities_day_status', ['day', 'status'], unique=False)

    op.create_table('activity_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_account_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_person_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_attendance_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_activity_attendance_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_account_id'], ['console_accounts.id'], name=op.f('fk_activity_attendance_recorded_by_account_id_console_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_person_id'], ['people.id'], name=op.f('fk_activity_attendance_recorded_by_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_activity_attendance_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_attendance')),
    sa.UniqueConstraint('activity_id', 'person_id', name=op.f('uq_activity_attendance_activity_id'))
    )
    with op.batch_alter_table('activity_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_attendance_person_id'), ['person_id'], unique=False)

    op.create_table('activity_invitees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('answer', sa.String(length=8), nullable=True),
    sa.Column('first_answered_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("answer IN ('go', 'no', 'maybe')", name=op.f('ck_activity_invitees_answer')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_invitees_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_activity_invitees_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_activity_invitees_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_invitees')),
    sa.UniqueConstraint('activity_id', 'person_id', name=op.f('uq_activity_invitees_activity_id'))
    )
    with op.batch_alter_table('activity_invitees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_invitees_person_id'), ['person_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('activity_invitees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_invitees_person_id'))

    op.drop_table('activity_invitees')
    with op.batch_alter_table('activity_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_attendance_person_id'))

    op.drop_table('activity_attendance')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index('ix_activities_day_status')

    op.drop_table('activities')
