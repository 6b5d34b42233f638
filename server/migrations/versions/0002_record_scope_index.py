"""A covering index for the scope check of a pull (family, entity, id, version),
replacing the plain index on record.family_id.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.create_index('ix_record_family_scope', ['family_id', 'entity', 'id', 'version'],
                              unique=False)
        batch_op.drop_index('ix_record_family_id')


def downgrade() -> None:
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.create_index('ix_record_family_id', ['family_id'], unique=False)
        batch_op.drop_index('ix_record_family_scope')
