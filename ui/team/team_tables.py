"""The Team area's three tables: what each column shows of the loaded rows
(:mod:`app.screens.team_screen`, :mod:`app.screens.team_drift`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.dates import uk
from app.families.allocation import shown_name
from app.screens.team_screen import UNALLOCATED, Caseloads, WorkerCaseload

from ui.widgets.rows_model import Column

TOTAL = "Team total"


def family_text(name: str, reference: str) -> str:
    return f"{name} ({reference})" if reference else name


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


WAITING_COLUMNS = (
    Column("Family", lambda w: family_text(w.family_name, w.family_reference)),
    Column("Assessment", lambda w: w.title + (" (amended)" if w.resubmitted else "")),
    Column("Worker", lambda w: shown_name(w.worker) if w.worker else UNALLOCATED),
    Column("Completed by", lambda w: w.completed_by),
    Column("Completed on", lambda w: uk(w.completed_on)),
    Column("Waiting", lambda w: _days(w.age_days)),
)

DRIFT_COLUMNS = (
    Column("Worker", lambda d: shown_name(d.worker) if d.worker else UNALLOCATED),
    Column("What", lambda d: d.kind_label),
    Column("Family", lambda d: family_text(d.family_name, d.family_reference)),
    Column("Detail", lambda d: d.title),
    Column("For", lambda d: _days(d.days) if d.days else "", sort_key=lambda d: d.days),
)


@dataclass(frozen=True)
class CaseloadRow:
    """One line of the caseloads table: a worker, or the team's totals."""

    label: str
    caseload: WorkerCaseload
    is_total: bool = False


def caseload_rows(loads: Caseloads) -> list[CaseloadRow]:
    rows = [
        CaseloadRow(w.worker_label + (" (you)" if w.is_me else ""), w) for w in loads.workers
    ]
    return [*rows, CaseloadRow(TOTAL, loads.totals, is_total=True)]


def caseload_columns(loads: Caseloads) -> list[Column]:
    """Worker, open families, one column per level of need, one per status."""
    columns = [
        Column("Worker", lambda r: r.label),
        Column("Open families", lambda r: str(r.caseload.total)),
    ]
    columns += [Column(label, _count_of(label, by_level=True)) for label in loads.level_labels]
    columns += [Column(label, _count_of(label, by_level=False)) for label in loads.status_labels]
    return columns


def _count_of(label: str, *, by_level: bool) -> Callable[[CaseloadRow], str]:
    def text(row: CaseloadRow) -> str:
        load = row.caseload
        return str(load.level_count(label) if by_level else load.status_count(label))

    return text

