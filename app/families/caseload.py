"""The caseload: one row per family, and searching, filtering and sorting them.

Rows are read once on the store's thread (:func:`load_caseload`); searching as
the worker types is then pure Python over those rows (:func:`filter_rows`), so
a keystroke never waits for the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.dates import age_text, today, uk
from app.reference.levels_of_need import LevelsOfNeed


@dataclass(frozen=True)
class ChildSummary:
    name: str
    date_of_birth: dt.date | None
    expected_date: dt.date | None

    def describe(self, on: dt.date) -> str:
        if self.expected_date is not None:
            return f"unborn, due {uk(self.expected_date)}"
        return f"{self.name} ({age_text(self.date_of_birth, on)})"


@dataclass(frozen=True)
class CaseloadRow:
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


_PEOPLE_SQL = """
SELECT family_id, role, given_name, family_name, date_of_birth, expected_date
FROM person WHERE deleted = 0
ORDER BY family_id, COALESCE(expected_date, date_of_birth) DESC
"""

_FAMILIES_SQL = """
SELECT id, reference, family_name, level_code, lead_professional, lead_agency,
       allocated_to, status, last_contact, next_review, postcode
FROM family WHERE deleted = 0
"""


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def load_caseload(session: Session, levels: LevelsOfNeed) -> list[CaseloadRow]:
    """Every family in the store that is not deleted, with its children (youngest first).

    This runs at every unlock over the whole caseload, so it reads plain rows
    with two SQL statements rather than ORM objects (see bench/caseload_bench.py).
    """
    on = today()
    session.flush()  # raw SQL below does not autoflush pending ORM changes
    conn = session.connection()
    kids: dict[str, list[ChildSummary]] = defaultdict(list)
    texts: dict[str, list[str]] = defaultdict(list)
    for family_id, role, given, surname, born, due in conn.exec_driver_sql(_PEOPLE_SQL):
        full = f"{given} {surname}".strip()
        texts[family_id].append(full)
        if role == "child":
            kids[family_id].append(ChildSummary(given or full, _date(born), None))
        elif role == "unborn":
            kids[family_id].append(ChildSummary(given or "Unborn baby", None, _date(due)))
    rank = {level.code: level.rank for level in levels.levels}
    labels = {level.code: levels.label(level.code) for level in levels.levels}
    for old, level in levels.replaced_codes().items():  # not yet renamed: the level it is now
        rank[old], labels[old] = level.rank, level.short
    rows = []
    no_children: tuple[ChildSummary, ...] = ()
    for fid, ref, name, level, lead, agency, allocated, status, last, review, postcode in (
        conn.exec_driver_sql(_FAMILIES_SQL)
    ):
        children = tuple(kids.get(fid, no_children))
        text = " ".join([ref, name, postcode, postcode.replace(" ", ""), *texts.get(fid, ())])
        rows.append(
            CaseloadRow(
                family_id=fid,
                reference=ref,
                family_name=name,
                children=children,
                children_text=", ".join([c.describe(on) for c in children]),
                level_code=level,
                level_label=labels.get(level) or levels.label(level),
                level_rank=rank.get(level, 0),
                lead_professional=lead,
                lead_agency=agency,
                allocated_to=allocated,
                status=status,
                last_contact=_date(last),
                next_review=_date(review),
                postcode=postcode,
                search_text=text.lower(),
            )
        )
    rows.sort(key=lambda r: (r.family_name.lower(), r.reference))
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


SORT_KEYS = {
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
