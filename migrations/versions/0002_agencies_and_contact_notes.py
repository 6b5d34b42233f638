"""Agencies involved with a family, and contact notes on the family.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agency_involvement',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('agency', sa.String(length=120), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_role', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_agency_involvement_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_involvement'))
    )
    with op.batch_alter_table('agency_involvement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_involvement_family_id'), ['family_id'], unique=False)

    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_notes', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.drop_column('contact_notes')
    op.drop_table('agency_involvement')

