"""What the caseload shows of each family's people, one row a family (caseload_people),
kept by triggers on person: at every unlock the caseload reads it with the families,
instead of gathering 40,000 people's names and children again (bench/caseload_bench.py).

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# Each child as the caseload shows them (NULL for the grown-ups): role, given name,
# family name, date of birth and expected date, between unit separators (char 31).
_CHILD = """CASE WHEN role IN ('child', 'unborn') THEN role || char(31) || given_name
  || char(31) || family_name || char(31) || COALESCE(date_of_birth, '') || char(31)
  || COALESCE(expected_date, '') END"""


def people_of(where: str) -> str:
    """Each family's row of caseload_people, for the families of person rows ``where``:
    everyone's names (the words a search finds), and the children youngest first
    between record separators (char 30). group_concat joins in the order its rows come,
    here that of ix_person_family_youngest_first, which SQLite reads alone."""
    return f"""INSERT OR REPLACE INTO caseload_people (family_id, names, children)
SELECT family_id,
  group_concat(given_name || ' ' || family_name, ' '),
  group_concat(child, char(30))
FROM (SELECT family_id, given_name, family_name, {_CHILD} AS child
      FROM person WHERE {where} AND deleted = 0
      ORDER BY family_id, COALESCE(expected_date, date_of_birth) DESC)
GROUP BY family_id"""


def _again(family: str) -> str:
    """The family's row made again (none if it has no one left)."""
    return (f"DELETE FROM caseload_people WHERE family_id = {family};\n"
            f"  {people_of(f'family_id = {family}')};")


# What the caseload shows of a person: a change to anything else leaves the row alone.
_SHOWN = "family_id, role, given_name, family_name, date_of_birth, expected_date, deleted"
TRIGGERS = {
    # Someone new who is not deleted: their family's row, them included.
    "trg_caseload_people_insert": f"""CREATE TRIGGER trg_caseload_people_insert
AFTER INSERT ON person WHEN NEW.deleted = 0 BEGIN
  {people_of('family_id = NEW.family_id')};
END""",
    "trg_caseload_people_update": f"""CREATE TRIGGER trg_caseload_people_update
AFTER UPDATE OF {_SHOWN} ON person BEGIN
  {_again('NEW.family_id')}
END""",
    # Someone moved to another family: the family they left too.
    "trg_caseload_people_move": """CREATE TRIGGER trg_caseload_people_move
AFTER UPDATE OF family_id ON person WHEN OLD.family_id IS NOT NEW.family_id BEGIN
  """ + _again('OLD.family_id') + """
END""",
    "trg_caseload_people_delete": f"""CREATE TRIGGER trg_caseload_people_delete
AFTER DELETE ON person BEGIN
  {_again('OLD.family_id')}
END""",
}


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
    op.execute(people_of('1'))


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table('caseload_people')
