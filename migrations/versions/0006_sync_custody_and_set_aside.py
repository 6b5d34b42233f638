"""Sync custody and set-aside: who made a conflicting change and when (made_by,
made_at on sync_conflict), pulled records this store could not hold
(sync_set_aside), and families waiting to be purged until the server has taken
every change made to them here (sync_purge_due).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.add_column(sa.Column('made_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('made_at', sa.DateTime(), nullable=True))

    op.create_table('sync_set_aside',
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=200), nullable=False),
    sa.Column('family_id', sa.String(length=200), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('problem', sa.String(length=300), nullable=False),
    sa.Column('change', sa.JSON(), nullable=False),
    sa.Column('set_aside_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'record_id', name=op.f('pk_sync_set_aside'))
    )
    with op.batch_alter_table('sync_set_aside', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_set_aside_family_id'), ['family_id'],
                              unique=False)

    op.create_table('sync_purge_due',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('named_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('family_id', name=op.f('pk_sync_purge_due'))
    )


def downgrade() -> None:
    op.drop_table('sync_purge_due')
    op.drop_table('sync_set_aside')
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_column('made_at')
        batch_op.drop_column('made_by')
