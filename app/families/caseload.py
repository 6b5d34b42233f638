"""The caseload: one row per family, and searching, filtering and sorting them.

Rows are read on the store's thread (:func:`read_caseload`): the first screen
(by family name) comes first, then the rest in chunks, each handed over as soon
as it is built, so the table paints before the whole caseload is read.
Searching as the worker types is then pure Python over those rows (an index in
:mod:`app.families.caseload_search`; :func:`filter_rows` is the plain scan it
must always agree with), so a keystroke never waits for the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from app.collector_pause import collector_paused
from app.dates import age_text, today, uk
from app.reference.levels_of_need import LevelsOfNeed

FIRST_SCREEN = 80  # rows read first: more than the tallest window shows
CHUNK = 5000  # rows handed over at a time after that (a frame or so of the UI thread each)


class CaseloadRow(NamedTuple):
    """One family's line (a named tuple: 10,000 of them are built at every unlock)."""

    family_id: str
    reference: str
    family_name: str
    children: str  # youngest first, as read (see ``children_text``)
    level_code: str
    level_label: str
    level_rank: int
    lead_professional: str
    lead_agency: str
    allocated_to: str
    status: str
    last_contact: dt.date | None
    next_review: dt.date | None
    postcode: str
    search_text: str
    name_key: str  # the family name in lowercase: the caseload's own order (base_order)

    @property
    def children_text(self) -> str:
        """The children youngest first: "Ben (6m), Ada (3y)", "unborn, due 01/02/2027"."""
        return describe_children(self.children, today())


@dataclass(frozen=True)
class CaseloadFilter:
    text: str = ""
    level: str = ""  # a level code, or "" for any
    status: str = ""  # a status code, or "" for any
    mine: str = ""  # a username, or "" for everyone's


# Per family: everyone's names for the search and the children youngest first, as the
# store keeps them (``caseload_people``, kept by triggers on person: db.caseload_lines
# holds their format). Each child is role, given name, family name, date of birth and
# expected date, between unit separators (char 31); children between record separators
# (char 30). Ages are worked out in Python when a row is first shown
# (CaseloadRow.children_text), not for every child at every unlock: they are the ages
# of the day a row is shown.
_PEOPLE_BY_FAMILY_SQL = "SELECT family_id, names, children FROM caseload_people"

_FAMILY_COLUMNS = """id, reference, family_name, level_code, lead_professional, lead_agency,
       allocated_to, status, last_contact, next_review, postcode"""
_FAMILIES_SQL = f"SELECT {_FAMILY_COLUMNS} FROM family WHERE deleted = 0"
# The first screen as the table sorts it at first (SQLite's NOCASE folds ASCII only: a
# name it places differently is moved to its place when the rest arrives).
_FIRST_FAMILIES_SQL = f"{_FAMILIES_SQL} ORDER BY family_name COLLATE NOCASE, reference LIMIT ?"
# Every family with its people's line, in one statement that streams (a join by the
# kept lines' key: as cheap as reading them all first, and the first chunk comes sooner).
_FAMILIES_WITH_PEOPLE_SQL = f"""SELECT {_FAMILY_COLUMNS}, p.names, p.children
FROM family LEFT JOIN caseload_people AS p ON p.family_id = family.id
WHERE family.deleted = 0"""
# What the bench's floor reads: the same families and people, one row each, no work.
PEOPLE_SQL = """SELECT family_id, role, given_name, family_name, date_of_birth, expected_date
FROM person WHERE deleted = 0"""
FAMILIES_SQL = _FAMILIES_SQL
FIRST_FAMILIES_SQL = _FIRST_FAMILIES_SQL
FAMILIES_WITH_PEOPLE_SQL = _FAMILIES_WITH_PEOPLE_SQL  # its plan is tested


def _in_families(ids: Sequence[str]) -> tuple[str, dict[str, str]]:
    """``family_id IN (...)`` for these families, and its parameters."""
    names = [f"family{n}" for n in range(len(ids))]
    marks = ", ".join(f":{name}" for name in names)
    return f"family_id IN ({marks})", dict(zip(names, ids, strict=True))


def for_families(sql: str, ids: Sequence[str]) -> tuple[str, dict[str, str]]:
    """``sql`` (over ``person``) for these families' people only, and its parameters."""
    condition, of_families = _in_families(ids)
    return sql.replace("WHERE deleted = 0", f"WHERE {condition} AND deleted = 0"), of_families


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class _Dates(dict[str | None, dt.date | None]):
    """ISO dates read once each (10,000 families share a few thousand dates)."""

    def __missing__(self, text: str | None) -> dt.date | None:
        value = self[text] = _date(text)
        return value


def _described(child: str, on: dt.date) -> str:
    role, given, surname, born, due = child.split("\x1f")
    if role == "unborn" and due:
        return f"unborn, due {uk(_date(due))}"
    name = given or ("Unborn baby" if role == "unborn" else surname.strip(" \t\n\r"))
    return f"{name} ({'' if role == 'unborn' else age_text(_date(born), on)})"


def describe_children(children: str, on: dt.date) -> str:
    """``children`` as read (each child's fields, youngest first) said on the day ``on``."""
    return ", ".join(_described(child, on) for child in children.split("\x1e")) if children else ""


# The caseload's own order (by family name, then reference), under any chosen sort. Sort
# keys are fields read by ``itemgetter`` where they can be: 10,000 rows are keyed at every
# unlock, and a key read in C costs a fraction of a Python function's call.
_FIELD = {name: number for number, name in enumerate(CaseloadRow._fields)}
base_order: Callable[[CaseloadRow], tuple[str, str]] = itemgetter(
    _FIELD["name_key"], _FIELD["reference"])


class _RowBuilder:
    """Turns plain SQL rows into :class:`CaseloadRow`."""

    def __init__(self, levels: LevelsOfNeed) -> None:
        self.rank = {level.code: level.rank for level in levels.levels}
        self.labels = {level.code: levels.label(level.code) for level in levels.levels}
        for old, level in levels.replaced_codes().items():  # not yet renamed: as it is now
            self.rank[old], self.labels[old] = level.rank, level.short
        self.levels = levels
        self.dates = _Dates()

    def rows(self, families: Iterable[tuple[Any, ...]]) -> list[CaseloadRow]:
        """Rows from ``_FAMILY_COLUMNS`` followed by the people's names and children."""
        labels, rank, dates, level_label = self.labels, self.rank, self.dates, self.levels.label
        out = []
        for (fid, ref, name, level, lead, agency, allocated, status, last, review, postcode,
             names, children) in families:
            text = f"{ref} {name} {postcode} {postcode.replace(' ', '')} {names or ''}"
            out.append(CaseloadRow(
                fid, ref, name, children or "", level, labels.get(level) or level_label(level),
                rank.get(level, 0), lead, agency, allocated, status, dates[last],
                dates[review], postcode, text.lower(), name.lower(),
            ))
        return out


Deliver = Callable[[list[CaseloadRow]], None]


def read_caseload(
    session: Session,
    levels: LevelsOfNeed,
    deliver: Deliver,
    first_screen: int | None = None,
    chunk: int | None = None,
) -> int:
    """Hand every family that is not deleted to ``deliver``, in one transaction: first
    the first ``first_screen`` by name, then the others ``chunk`` at a time (each family
    once, in no particular order). Returns how many families there were.

    This runs at every unlock over the whole caseload, so it reads plain rows through
    the driver's own cursor rather than ORM objects (see bench/caseload_bench.py).
    """
    with collector_paused():  # 10,000 rows that last: see app.collector_pause
        return _read(session, levels, deliver, first_screen or FIRST_SCREEN, chunk or CHUNK)


def _read(
    session: Session, levels: LevelsOfNeed, deliver: Deliver, first_screen: int, chunk: int
) -> int:
    session.flush()  # raw SQL below does not autoflush pending ORM changes
    raw: Any = session.connection().connection.driver_connection
    build = _RowBuilder(levels).rows
    first = raw.execute(_FIRST_FAMILIES_SQL, (first_screen,)).fetchall()
    ids = [family[0] for family in first]
    people: dict[str, tuple[str, str]] = {}
    if ids:
        condition, of_families = _in_families(ids)
        found = raw.execute(f"{_PEOPLE_BY_FAMILY_SQL} WHERE {condition}", of_families)
        people = {family_id: (names, children) for family_id, names, children in found}
    deliver(build([(*family, *people.get(family[0], (None, None))) for family in first]))
    if len(ids) < first_screen:
        return len(ids)
    seen = set(ids)
    count = len(ids)
    cursor = raw.execute(_FAMILIES_WITH_PEOPLE_SQL)
    while batch := cursor.fetchmany(chunk):
        rows = build([family for family in batch if family[0] not in seen])
        count += len(rows)
        deliver(rows)
    return count


def load_caseload(session: Session, levels: LevelsOfNeed) -> list[CaseloadRow]:
    """Every family in the store that is not deleted, with its children (youngest
    first), sorted by family name (:func:`base_order`)."""
    rows: list[CaseloadRow] = []
    read_caseload(session, levels, rows.extend)
    rows.sort(key=base_order)
    return rows


def filter_rows(rows: list[CaseloadRow], wanted: CaseloadFilter) -> list[CaseloadRow]:
    """The rows matching every word typed and every filter chosen, in the given order."""
    terms = wanted.text.lower().split()
    level, status, mine = wanted.level, wanted.status, wanted.mine
    out = rows
    if level:
        out = [r for r in out if r.level_code == level]
    if status:
        out = [r for r in out if r.status == status]
    if mine:
        out = [r for r in out if r.allocated_to == mine]
    for term in terms:
        out = [r for r in out if term in r.search_text]
    return out if out is not rows else list(rows)


SORT_KEYS: dict[str, Callable[[CaseloadRow], Any]] = {
    "reference": itemgetter(_FIELD["reference"]),
    "family": itemgetter(_FIELD["name_key"]),
    "children": lambda r: r.children_text.lower(),
    "level": itemgetter(_FIELD["level_rank"]),
    "lead": lambda r: (r.lead_professional.lower(), r.lead_agency.lower()),
    "status": itemgetter(_FIELD["status"]),
    "last_contact": lambda r: r.last_contact or dt.date.min,
    "next_review": lambda r: r.next_review or dt.date.max,
}


def sort_rows(rows: list[CaseloadRow], column: str, descending: bool = False) -> list[CaseloadRow]:
    return sorted(rows, key=SORT_KEYS[column], reverse=descending)
