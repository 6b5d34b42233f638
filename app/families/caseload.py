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
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from app.dates import age_text, today, uk
from app.reference.levels_of_need import LevelsOfNeed

FIRST_SCREEN = 80  # rows read first: more than the tallest window shows
CHUNK = 2000  # rows handed over at a time after that (a few ms of the UI thread each)


class ChildSummary(NamedTuple):
    name: str
    date_of_birth: dt.date | None
    expected_date: dt.date | None

    def describe(self, on: dt.date) -> str:
        if self.expected_date is not None:
            return f"unborn, due {uk(self.expected_date)}"
        return f"{self.name} ({age_text(self.date_of_birth, on)})"


class CaseloadRow(NamedTuple):
    """One family's line (a named tuple: 10,000 of them are built at every unlock)."""

    family_id: str
    reference: str
    family_name: str
    children: tuple[ChildSummary, ...]
    children_text: str
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


@dataclass(frozen=True)
class CaseloadFilter:
    text: str = ""
    level: str = ""  # a level code, or "" for any
    status: str = ""  # a status code, or "" for any
    mine: str = ""  # a username, or "" for everyone's


_CHILD_COLUMNS = "family_id, role, given_name, family_name, date_of_birth, expected_date"
_CHILDREN_WHERE = "deleted = 0 AND role IN ('child', 'unborn')"
_CHILDREN_ORDER = "ORDER BY family_id, COALESCE(expected_date, date_of_birth) DESC"
_CHILDREN_SQL = f"SELECT {_CHILD_COLUMNS} FROM person WHERE {_CHILDREN_WHERE} {_CHILDREN_ORDER}"
# Everyone's names, one line a family, for the search (joined by SQLite: a word typed never
# holds a space, so how the names are joined changes nothing it finds).
_NAMES_SQL = """SELECT family_id, group_concat(given_name || ' ' || family_name, ' ')
FROM person WHERE deleted = 0 GROUP BY family_id"""
# What the bench's floor reads: the same people, one row each.
_PEOPLE_SQL = f"SELECT {_CHILD_COLUMNS} FROM person WHERE deleted = 0 {_CHILDREN_ORDER}"

_FAMILY_COLUMNS = """id, reference, family_name, level_code, lead_professional, lead_agency,
       allocated_to, status, last_contact, next_review, postcode"""
_FAMILIES_SQL = f"SELECT {_FAMILY_COLUMNS} FROM family WHERE deleted = 0"
# The first screen as the table sorts it at first (SQLite's NOCASE folds ASCII only: a
# name it places differently is moved to its place when the rest arrives).
_FIRST_FAMILIES_SQL = f"{_FAMILIES_SQL} ORDER BY family_name COLLATE NOCASE, reference LIMIT ?"


def _for_families(sql: str, count: int) -> str:
    """``sql`` (over ``person``) for ``count`` families' people only."""
    marks = ", ".join("?" * count)
    return sql.replace("WHERE deleted = 0", f"WHERE family_id IN ({marks}) AND deleted = 0")


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class _Dates(dict[str | None, dt.date | None]):
    """ISO dates read once each (10,000 families share a few thousand dates)."""

    def __missing__(self, text: str | None) -> dt.date | None:
        value = self[text] = _date(text)
        return value


def base_order(row: CaseloadRow) -> tuple[str, str]:
    """The caseload's own order (by family name, then reference), under any chosen sort."""
    return row.family_name.lower(), row.reference


class _RowBuilder:
    """Turns plain SQL rows into :class:`CaseloadRow` (children youngest first)."""

    def __init__(self, levels: LevelsOfNeed, on: dt.date) -> None:
        self.on = on
        self.rank = {level.code: level.rank for level in levels.levels}
        self.labels = {level.code: levels.label(level.code) for level in levels.levels}
        for old, level in levels.replaced_codes().items():  # not yet renamed: as it is now
            self.rank[old], self.labels[old] = level.rank, level.short
        self.levels = levels
        self.dates = _Dates()
        self.kids: dict[str, list[ChildSummary]] = defaultdict(list)
        self.said: dict[str, list[str]] = defaultdict(list)  # each child described
        self.names: dict[str, str] = {}

    def add_children(self, children: Iterable[tuple[Any, ...]]) -> None:
        kids, said, dates, on = self.kids, self.said, self.dates, self.on
        ages: dict[str | None, str] = {}  # by date of birth
        dues: dict[str | None, str] = {}  # "unborn, due ..." by expected date
        for family_id, role, given, surname, born, due in children:
            if role == "child":
                child = ChildSummary(given or f"{given} {surname}".strip(), dates[born], None)
                if born not in ages:
                    ages[born] = age_text(child.date_of_birth, on)
                said[family_id].append(f"{child.name} ({ages[born]})")
            else:
                child = ChildSummary(given or "Unborn baby", None, dates[due])
                if due not in dues:
                    dues[due] = child.describe(on)
                said[family_id].append(dues[due])
            kids[family_id].append(child)

    def add_names(self, names: Iterable[tuple[str, str]]) -> None:
        self.names.update(names)

    def rows(self, families: Iterable[tuple[Any, ...]]) -> list[CaseloadRow]:
        kids, said, names, labels, rank, dates = (
            self.kids, self.said, self.names, self.labels, self.rank, self.dates)
        out = []
        none: list[Any] = []
        for fid, ref, name, level, lead, agency, allocated, status, last, review, postcode in (
            families
        ):
            text = f"{ref} {name} {postcode} {postcode.replace(' ', '')} {names.get(fid, '')}"
            out.append(CaseloadRow(
                fid, ref, name, tuple(kids.get(fid, none)), ", ".join(said.get(fid, none)),
                level, labels.get(level) or self.levels.label(level), rank.get(level, 0),
                lead, agency, allocated, status, dates[last], dates[review], postcode,
                text.lower(),
            ))
        return out


Deliver = Callable[[list[CaseloadRow]], None]


def read_caseload(
    session: Session,
    levels: LevelsOfNeed,
    deliver: Deliver,
    first_screen: int = FIRST_SCREEN,
    chunk: int = CHUNK,
) -> int:
    """Hand every family that is not deleted to ``deliver``, in one transaction: first
    the first ``first_screen`` by name, then the others ``chunk`` at a time (each family
    once, in no particular order). Returns how many families there were.

    This runs at every unlock over the whole caseload, so it reads plain rows through
    the driver's own cursor rather than ORM objects (see bench/caseload_bench.py).
    """
    session.flush()  # raw SQL below does not autoflush pending ORM changes
    raw: Any = session.connection().connection.driver_connection
    first_families = raw.execute(_FIRST_FAMILIES_SQL, (first_screen,)).fetchall()
    ids = [family[0] for family in first_families]
    first = _RowBuilder(levels, today())
    if ids:
        first.add_children(raw.execute(_for_families(_CHILDREN_SQL, len(ids)), ids).fetchall())
        first.add_names(raw.execute(_for_families(_NAMES_SQL, len(ids)), ids).fetchall())
    deliver(first.rows(first_families))
    if len(ids) < first_screen:
        return len(ids)
    rest = _RowBuilder(levels, first.on)
    rest.add_children(raw.execute(_CHILDREN_SQL).fetchall())
    rest.add_names(raw.execute(_NAMES_SQL).fetchall())
    seen = set(ids)
    count = len(ids)
    cursor = raw.execute(_FAMILIES_SQL)
    while batch := cursor.fetchmany(chunk):
        rows = rest.rows([family for family in batch if family[0] not in seen])
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
    "reference": lambda r: r.reference,
    "family": lambda r: r.family_name.lower(),
    "children": lambda r: r.children_text.lower(),
    "level": lambda r: r.level_rank,
    "lead": lambda r: (r.lead_professional.lower(), r.lead_agency.lower()),
    "status": lambda r: r.status,
    "last_contact": lambda r: r.last_contact or dt.date.min,
    "next_review": lambda r: r.next_review or dt.date.max,
}


def sort_rows(rows: list[CaseloadRow], column: str, descending: bool = False) -> list[CaseloadRow]:
    return sorted(rows, key=SORT_KEYS[column], reverse=descending)
