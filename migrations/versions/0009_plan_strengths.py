"""What is going well, written in the family plan itself (plan_strength, a synced
record of the family): the plan opens with it when no assessment records strengths.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_strength',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'],
                            name=op.f('fk_plan_strength_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_strength'))
    )
    with op.batch_alter_table('plan_strength', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_strength_family_id'), ['family_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('plan_strength', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_strength_family_id'))
    op.drop_table('plan_strength')
