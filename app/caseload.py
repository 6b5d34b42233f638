"""The caseload: one row per family, and searching, filtering and sorting them.

Rows are read once on the store's thread (:func:`load_caseload`); searching as
the worker types is then pure Python over those rows (:func:`filter_rows`), so
a keystroke never waits for the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dates import age_text, today, uk
from app.levels_of_need import LevelsOfNeed
from db.models import Family, Person


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


def load_caseload(session: Session, levels: LevelsOfNeed) -> list[CaseloadRow]:
    """Every family in the store that is not deleted, with its children."""
    on = today()
    kids: dict[str, list[ChildSummary]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    people = session.execute(
        select(
            Person.family_id,
            Person.role,
            Person.given_name,
            Person.family_name,
            Person.date_of_birth,
            Person.expected_date,
        ).where(Person.deleted.is_(False))
    )
    for family_id, role, given, surname, born, due in people:
        full = f"{given} {surname}".strip()
        names[family_id].append(full)
        if role == "child":
            kids[family_id].append(ChildSummary(given or full, born, None))
        elif role == "unborn":
            kids[family_id].append(ChildSummary(given or "Unborn baby", None, due))
    rank = {level.code: level.rank for level in levels.levels}
    rows = []
    families = session.execute(
        select(
            Family.id,
            Family.reference,
            Family.family_name,
            Family.level_code,
            Family.lead_professional,
            Family.lead_agency,
            Family.allocated_to,
            Family.status,
            Family.last_contact,
            Family.next_review,
            Family.postcode,
        ).where(Family.deleted.is_(False))
    )
    for fid, ref, name, level, lead, agency, allocated, status, last, review, postcode in families:
        children = sorted(
            kids.get(fid, ()),
            key=lambda c: c.expected_date or c.date_of_birth or dt.date.min,
            reverse=True,
        )
        text = " ".join([ref, name, postcode, postcode.replace(" ", ""), *names.get(fid, ())])
        rows.append(
            CaseloadRow(
                family_id=fid,
                reference=ref,
                family_name=name,
                children=tuple(children),
                children_text=", ".join(c.describe(on) for c in children),
                level_code=level,
                level_label=levels.label(level),
                level_rank=rank.get(level, 0),
                lead_professional=lead,
                lead_agency=agency,
                allocated_to=allocated,
                status=status,
                last_contact=last,
                next_review=review,
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
