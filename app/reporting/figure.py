"""A figure: what it counts (its definition, in plain words) and its rows, each with
the families it counted, so a figure can open, and export, the list behind it."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FigureRow:
    """One line of a figure: a label, its value and the families counted for it."""

    label: str
    value: float
    family_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date  # the first day of the month
    value: float


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    definition: str
    rows: tuple[FigureRow, ...]
    monthly: tuple[MonthPoint, ...] = field(default=())
    unit: str = "families"

    def value(self, label: str) -> float:
        """The value of the row labelled ``label`` (0 when there is no such row)."""
        return next((r.value for r in self.rows if r.label == label), 0)

    def families(self, label: str) -> tuple[str, ...]:
        return next((r.family_ids for r in self.rows if r.label == label), ())

    @property
    def all_family_ids(self) -> tuple[str, ...]:
        """Every family counted anywhere in the figure, once each, in first-seen order."""
        return tuple(dict.fromkeys(fid for r in self.rows for fid in r.family_ids))


def count_rows(
    grouped: Mapping[str, Iterable[str]], labels: Mapping[str, str] | None = None,
    order: Sequence[str] = (),
) -> tuple[FigureRow, ...]:
    """One row per group (families counted once each), named through ``labels``, in
    ``order`` first and then by label; a total row last."""
    labels = labels or {}
    keys = [k for k in order if k in grouped] + sorted(
        (k for k in grouped if k not in order), key=lambda k: labels.get(k, k)
    )
    rows = []
    everyone: dict[str, None] = {}
    for key in keys:
        ids = tuple(sorted(set(grouped[key])))
        everyone.update(dict.fromkeys(ids))
        rows.append(FigureRow(labels.get(key, key) or "Not recorded", len(ids), ids))
    rows.append(FigureRow("Total", len(everyone), tuple(everyone)))
    return tuple(rows)


def spread_rows(days_by_family: Mapping[str, int]) -> tuple[FigureRow, ...]:
    """Number, median, quartiles (inclusive method), shortest and longest of day counts."""
    ids = tuple(sorted(days_by_family))
    values = sorted(days_by_family.values())
    if not values:
        return (FigureRow("Families", 0),)
    if len(values) == 1:
        lower = upper = float(values[0])
    else:
        lower, _middle, upper = statistics.quantiles(values, n=4, method="inclusive")
    return (
        FigureRow("Families", len(values), ids),
        FigureRow("Median days", float(statistics.median(values)), ids),
        FigureRow("Lower quartile (days)", float(lower), ids),
        FigureRow("Upper quartile (days)", float(upper), ids),
        FigureRow("Shortest (days)", float(values[0]), ids),
        FigureRow("Longest (days)", float(values[-1]), ids),
    )


def month_starts(end: dt.date, months: int = 12) -> list[dt.date]:
    """The first days of the ``months`` months up to and including ``end``'s month."""
    starts = []
    year, month = end.year, end.month
    for _ in range(months):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def monthly_counts(days: Iterable[dt.date], end: dt.date) -> tuple[MonthPoint, ...]:
    """How many of ``days`` fall in each of the 12 months up to ``end`` (inclusive)."""
    starts = month_starts(end)
    counts = dict.fromkeys(starts, 0)
    for day in days:
        key = dt.date(day.year, day.month, 1)
        if key in counts and day <= end:
            counts[key] += 1
    return tuple(MonthPoint(m, counts[m]) for m in starts)
