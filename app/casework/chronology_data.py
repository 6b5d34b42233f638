"""The chronology as plain data: its item types, an item, the filters, and a manual
entry as asked for and as stored (see :mod:`app.casework.chronology`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CHRONOLOGY_TYPES: dict[str, str] = {
    "referral": "Request for help",
    "consent": "Consent",
    "assessment": "Assessment",
    "level_change": "Level of need",
    "meeting": "Meeting",
    "review": "Review",
    "visit": "Visit or contact",
    "step_change": "Step up or down",
    "closure": "Closure",
    "event": "Significant event",
    "supervision": "Management oversight",
}

# Types significant by default (manual events carry their own flag).
SIGNIFICANT_TYPES: frozenset[str] = frozenset(
    {"referral", "level_change", "meeting", "step_change", "closure", "assessment",
     "supervision"}
)

@dataclass(frozen=True)
class ChronologyFilter:
    types: frozenset[str] | None = None  # None: every type
    child_person_id: str | None = None
    significant_only: bool = False


@dataclass(frozen=True)
class ChronologyItem:
    date: dt.date
    type: str
    title: str
    detail: str = ""
    source: str = ""
    child: str = ""  # the names of the children it is about ("" whole family)
    child_ids: tuple[str, ...] = ()
    significant: bool = False
    impact_on_child: str = ""
    time: str = ""  # "HH:MM" UK time, where one is known
    area: str = ""  # what to open: family, consent, assessments, meetings, plan, visits, ...
    record_id: str = ""
    sort_at: dt.datetime | None = field(default=None, compare=False, repr=False)

    @property
    def type_label(self) -> str:
        return CHRONOLOGY_TYPES.get(self.type, self.type)


@dataclass(frozen=True)
class Chronology:
    family_id: str
    items: tuple[ChronologyItem, ...]
    filters: ChronologyFilter

    @property
    def entries(self) -> tuple[ChronologyItem, ...]:
        return self.items


@dataclass(frozen=True)
class ChronologyEntryRequest:
    family_id: str
    occurred_on: dt.date
    event: str
    source: str = ""
    impact_on_child: str = ""
    significant: bool = True
    child_person_id: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class ChronologyEntryData:
    id: str
    family_id: str
    occurred_on: dt.date
    event: str
    source: str
    impact_on_child: str
    significant: bool
    child_person_id: str | None
    recorded_by: str
    version: int | None
