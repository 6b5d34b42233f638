"""Devices are numbered 1, 2, 3... as they enrol, so the family references a device
gives offline (EH-012-00034) are unique across the service. Devices enrolled
before are numbered in the order they enrolled.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_device_number'), ['number'])
    conn = op.get_bind()
    device = sa.table('device', sa.column('id', sa.String), sa.column('number', sa.Integer),
                      sa.column('created_at', sa.DateTime))
    ids = conn.execute(sa.select(device.c.id).order_by(device.c.created_at, device.c.id)).scalars()
    numbered = 0
    for numbered, device_id in enumerate(list(ids), start=1):
        conn.execute(device.update().where(device.c.id == device_id).values(number=numbered))
    counter = sa.table('counter', sa.column('name', sa.String), sa.column('value', sa.BigInteger))
    op.bulk_insert(counter, [{'name': 'device_number', 'value': numbered}])


def downgrade() -> None:
    op.execute("DELETE FROM counter WHERE name = 'device_number'")
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_device_number'), type_='unique')
        batch_op.drop_column('number')
