"""knowledge base and the questions asked of it

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 04:53:40.647055
"""
from alembic import op
import sqlalchemy as sa
import bot.db


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kb_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_file', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('owner', sa.String(length=500), nullable=True),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('imported_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_documents')),
    sa.UniqueConstraint('source_file', name=op.f('uq_kb_documents_source_file'))
    )
    op.create_table('kb_passages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(length=500), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['kb_documents.id'], name=op.f('fk_kb_passages_document_id_kb_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_passages'))
    )
    with op.batch_alter_table('kb_passages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kb_passages_document_id'), ['document_id'], unique=False)

    op.create_table('kb_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_user_id', sa.String(length=64), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('passage_id', sa.Integer(), nullable=True),
    sa.Column('helpful', sa.Boolean(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('village', sa.String(length=200), nullable=True),
    sa.Column('officer_answer', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.String(length=200), nullable=True),
    sa.Column('asked_at', bot.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('escalated_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('replied_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('approved_at', bot.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['passage_id'], ['kb_passages.id'], name=op.f('fk_kb_questions_passage_id_kb_passages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_questions'))
    )
    with op.batch_alter_table('kb_questions', schema=None) as batch_op:
        batch_op.create_index('ix_kb_questions_status_asked', ['status', 'asked_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('kb_questions', schema=None) as batch_op:
        batch_op.drop_index('ix_kb_questions_status_asked')

    op.drop_table('kb_questions')
    with op.batch_alter_table('kb_passages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_passages_document_id'))

    op.drop_table('kb_passages')
    op.drop_table('kb_documents')
