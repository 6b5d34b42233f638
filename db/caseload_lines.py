"""The caseload's line of each family's people (``caseload_people``: everyone's names, the
children youngest first), and the SQLite triggers on person that keep it.

Migration 0011 made the table and these triggers; a change to the lines' format comes with
a migration of its own that makes the triggers and the lines again. A first sync writes
thousands of people at once: :func:`lines_made_after` lets it make their families' lines
once, after, rather than once for each person written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

# Each child as the caseload shows them (NULL for the grown-ups): role, given name,
# family name, date of birth and expected date, between unit separators (char 31).
_CHILD = """CASE WHEN role IN ('child', 'unborn') THEN role || char(31) || given_name
  || char(31) || family_name || char(31) || COALESCE(date_of_birth, '') || char(31)
  || COALESCE(expected_date, '') END"""
# The store_meta key present while people are written whose lines are made after.
DEFERRED = "caseload_people_deferred"


def lines_query(where: str) -> str:
    """The lines of the families of the person rows ``where``: everyone's names (the
    words a search finds), and the children youngest first between record separators
    (char 30). group_concat joins in the order its rows come, here that of
    ix_person_family_youngest_first, which SQLite reads alone, sorting nothing (tests
    hold the plan); group_concat's own ORDER BY needs SQLite 3.44, newer than some
    SQLCipher builds."""
    return f"""SELECT family_id,
  group_concat(given_name || ' ' || family_name, ' '),
  group_concat(child, char(30))
FROM (SELECT family_id, given_name, family_name, {_CHILD} AS child
      FROM person WHERE {where} AND deleted = 0
      ORDER BY family_id, COALESCE(expected_date, date_of_birth) DESC)
GROUP BY family_id"""


def lines_of(where: str) -> str:
    """The lines of the families of the person rows ``where``, made (again)."""
    return ("INSERT OR REPLACE INTO caseload_people (family_id, names, children)\n"
            + lines_query(where))


def _again(family: str) -> str:
    """The family's line made again (none if it has no one left)."""
    return (f"DELETE FROM caseload_people WHERE family_id = {family};\n"
            f"  {lines_of(f'family_id = {family}')};")


# What the caseload shows of a person: a change to anything else leaves the line alone.
_SHOWN = "family_id, role, given_name, family_name, date_of_birth, expected_date, deleted"
TRIGGERS = {
    # Someone new who is not deleted: their family's line, them included (unless the
    # writer makes the lines after: lines_made_after).
    "trg_caseload_people_insert": f"""CREATE TRIGGER trg_caseload_people_insert
AFTER INSERT ON person
WHEN NEW.deleted = 0 AND NOT EXISTS (SELECT 1 FROM store_meta WHERE key = '{DEFERRED}')
BEGIN
  {lines_of('family_id = NEW.family_id')};
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


@contextmanager
def lines_made_after(connection: Connection, families: Iterable[str]) -> Iterator[None]:
    """New people inserted inside (on ``connection``, in its transaction) leave their
    families' lines alone; ``families`` (theirs) have their lines made again after, in
    one statement. Only inserts wait: an update or deletion inside still makes its line."""
    connection.exec_driver_sql("INSERT INTO store_meta (key, value) VALUES (?, '')",
                               (DEFERRED,))
    try:
        yield
    finally:
        connection.exec_driver_sql("DELETE FROM store_meta WHERE key = ?", (DEFERRED,))
    connection.exec_driver_sql(lines_of("family_id IN (SELECT value FROM json_each(?))"),
                               (json.dumps(sorted(set(families))),))
