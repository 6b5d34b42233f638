"""A family's people by family and youngest first, with what the caseload shows of them
(ix_person_family_youngest_first), in place of the plain index on person.family_id: the
caseload reads every family's names and children at each unlock, and now reads them
from this index alone, in order, instead of sorting everyone and looking each row up
(bench/caseload_bench.py).

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(
            'ix_person_family_youngest_first',
            ['family_id', sa.text('coalesce(expected_date, date_of_birth) DESC'), 'deleted',
             'role', 'given_name', 'family_name', 'date_of_birth', 'expected_date'],
            unique=False,
        )
        batch_op.drop_index('ix_person_family_id')


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_family_id', ['family_id'], unique=False)
        batch_op.drop_index('ix_person_family_youngest_first')
