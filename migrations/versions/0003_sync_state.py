"""Client sync state: the local conflict queue and pulled records waiting for
what they refer to. (Cursor, device credential and server address live in
store_meta.)

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_conflict',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('family_id', sa.String(length=36), nullable=True),
    sa.Column('field', sa.String(length=80), nullable=False),
    sa.Column('base_value', sa.JSON(), nullable=True),
    sa.Column('local_value', sa.JSON(), nullable=True),
    sa.Column('server_value', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('from_server', sa.Boolean(), nullable=False),
    sa.Column('resolve_op_id', sa.String(length=36), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict'))
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflict_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_conflict_record_id'), ['record_id'], unique=False)

    op.create_table('sync_parked',
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('family_id', sa.String(length=36), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('change', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'record_id', name=op.f('pk_sync_parked'))
    )
    with op.batch_alter_table('sync_parked', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_parked_family_id'), ['family_id'], unique=False)


def downgrade() -> None:
    op.drop_table('sync_parked')
    op.drop_table('sync_conflict')
