"""Consent (and its withdrawals), assessments made with the forms engine, and
team leads' reviews of them.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by', sa.String(length=80), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('consent',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('given_by_person_id', sa.String(length=36), nullable=True),
    sa.Column('given_by_name', sa.String(length=160), nullable=False),
    sa.Column('capacity_note', sa.Text(), nullable=False),
    sa.Column('scope_assess', sa.Boolean(), nullable=False),
    sa.Column('share_agencies', sa.JSON(), nullable=False),
    sa.Column('refer_services', sa.JSON(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('taken_by', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    *_sync_columns(),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_consent_family_id_family')),
    sa.ForeignKeyConstraint(['given_by_person_id'], ['person.id'], name=op.f('fk_consent_given_by_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_family_id'), ['family_id'], unique=False)

    op.create_table('consent_withdrawal',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('consent_id', sa.String(length=36), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=False),
    sa.Column('withdrawn_by', sa.String(length=160), nullable=False),
    sa.Column('scope', sa.JSON(), nullable=False),
    sa.Column('recorded_by', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    *_sync_columns(),
    sa.ForeignKeyConstraint(['consent_id'], ['consent.id'], name=op.f('fk_consent_withdrawal_consent_id_consent')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_consent_withdrawal_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_withdrawal'))
    )
    with op.batch_alter_table('consent_withdrawal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_withdrawal_consent_id'), ['consent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_withdrawal_family_id'), ['family_id'], unique=False)

    op.create_table('assessment',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('child_person_id', sa.String(length=36), nullable=True),
    sa.Column('form_id', sa.String(length=80), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('current_page', sa.String(length=80), nullable=False),
    sa.Column('started_by', sa.String(length=120), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('completed_by', sa.String(length=120), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('amends_id', sa.String(length=36), nullable=True),
    sa.Column('descriptors_source', sa.JSON(), nullable=False),
    *_sync_columns(),
    sa.ForeignKeyConstraint(['child_person_id'], ['person.id'], name=op.f('fk_assessment_child_person_id_person')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_assessment_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_amends_id'), ['amends_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_child_person_id'), ['child_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_assessment_family_kind', ['family_id', 'kind'], unique=False)

    op.create_table('assessment_review',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('reviewed_by', sa.String(length=120), nullable=False),
    sa.Column('reviewer_name', sa.String(length=120), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    *_sync_columns(),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_assessment_review_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_assessment_review_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_review'))
    )
    with op.batch_alter_table('assessment_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_review_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_review_family_id'), ['family_id'], unique=False)


def downgrade() -> None:
    op.drop_table('assessment_review')
    op.drop_table('assessment')
    op.drop_table('consent_withdrawal')
    op.drop_table('consent')
