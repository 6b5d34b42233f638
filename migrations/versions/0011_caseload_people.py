"""What the caseload shows of each family's people, one row a family (caseload_people),
kept by triggers on person: at every unlock the caseload reads it with the families,
instead of gathering 40,000 people's names and children again (bench/caseload_bench.py).

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

from db.caseload_lines import TRIGGERS, lines_of

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# The lines' format and the triggers are db.caseload_lines's: a later change to them
# comes with a migration of its own, which makes the triggers and the lines again.


def upgrade() -> None:
    op.create_table('caseload_people',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('names', sa.Text(), nullable=False),
    sa.Column('children', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('family_id', name=op.f('pk_caseload_people')),
    sqlite_with_rowid=False,
    )
    for trigger in TRIGGERS.values():
        op.execute(trigger)
    op.execute(lines_of('1'))


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table('caseload_people')
