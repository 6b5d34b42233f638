"""One line of Today (:class:`TodayItem`) and the names of its kinds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

TODAY_KINDS: dict[str, str] = {
    "visit_planned": "Visit planned",
    "review_due": "Review due",
    "action_overdue": "Plan action overdue",
    "draft_assessment": "Assessment not finished",
    "draft_visit": "Visit record not final",
    "returned_assessment": "Assessment returned",
    "consent_missing": "No consent in force",
}


@dataclass(frozen=True)
class TodayItem:
    kind: str
    title: str
    detail: str
    family_id: str
    family_name: str
    family_reference: str
    area: str
    record_id: str
    due_on: dt.date | None = None
    overdue: bool = False
    # The time of day, for what has one (a planned visit): a day's items in time order.
    at: dt.time | None = None

    @property
    def kind_label(self) -> str:
        return TODAY_KINDS.get(self.kind, self.kind)


def days_text(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def in_order(items: list[TodayItem]) -> tuple[TodayItem, ...]:
    """Overdue first, then by date (and a day's by time), then by family."""
    far = dt.date.max
    items.sort(key=lambda i: (not i.overdue, i.due_on or far, i.at or dt.time.min,
                              i.family_name, i.kind))
    return tuple(items)
