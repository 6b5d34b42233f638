"""Ops are remembered per device, and a conflict names who made its value and when.

- ``applied_op`` is keyed by (device_id, op_id): an op id is its device's own, so
  another user's or device's op with the same id is taken, never answered
  "duplicate". Ops taken before this revision keep an empty device id and are
  still recognised when their user sends them again (``server.models.LEGACY_DEVICE``).
- ``conflict`` gains ``made_by`` and ``made_at``; conflicts kept before are given
  their raiser and the time they were raised.

Revision ID: 0006_custody
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

import server.models

revision = '0006_custody'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('applied_op', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_id', sa.String(length=36), nullable=False,
                                      server_default=''))
        batch_op.drop_constraint(batch_op.f('pk_applied_op'), type_='primary')
        batch_op.create_primary_key(batch_op.f('pk_applied_op'), ['device_id', 'op_id'])
    with op.batch_alter_table('applied_op', schema=None) as batch_op:
        batch_op.alter_column('device_id', server_default=None)
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.add_column(sa.Column('made_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('made_at', server.models.UTCDateTime(), nullable=True))
    op.execute("UPDATE conflict SET made_by = raised_by, made_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.drop_column('made_at')
        batch_op.drop_column('made_by')
    # An op id taken on several devices keeps one row (the oldest) under the old key.
    op.execute(
        "DELETE FROM applied_op WHERE EXISTS (SELECT 1 FROM applied_op AS o "
        "WHERE o.op_id = applied_op.op_id AND (o.at < applied_op.at OR "
        "(o.at = applied_op.at AND o.device_id < applied_op.device_id)))"
    )
    with op.batch_alter_table('applied_op', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('pk_applied_op'), type_='primary')
        batch_op.create_primary_key(batch_op.f('pk_applied_op'), ['op_id'])
        batch_op.drop_column('device_id')
