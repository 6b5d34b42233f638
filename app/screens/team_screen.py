"""What the Team area loads: the sign-off queue and the caseloads, across every family in
this store (a team lead's store holds the team's families). Drift is in
:mod:`app.screens.team_drift`.

* :func:`waiting_for_me`: every assessment awaiting sign-off (completed, neither signed
  off nor returned, not corrected by a completed amendment) in a family not closed (a
  closed family's record can no longer be reviewed), oldest first.
* :func:`caseloads`: each worker's open families (not closed) by level of need and by
  status, with the team's totals.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.casework.assessment_drafts import AUDIT_KIND
from app.casework.visit_data import uk_local
from app.dates import today as today_date
from app.families.allocation import shown_name
from app.reference.choices import FAMILY_STATUSES
from app.reference.levels_of_need import LevelsOfNeed, load_levels
from app.store.caseload_store import Profile
from db.models import Assessment, AssessmentReview, Family

UNALLOCATED = "Not allocated"


@dataclass(frozen=True)
class WaitingItem:
    """One completed assessment waiting for a team lead's sign-off."""

    assessment_id: str
    family_id: str
    family_name: str
    family_reference: str
    title: str
    kind: str
    worker: str  # the family's allocated worker (username), "" if none
    completed_by: str
    completed_on: dt.date
    age_days: int
    resubmitted: bool  # an amendment of an assessment that was returned or corrected


class FamilyLine(NamedTuple):
    """What the Team area needs of a family (read as plain rows: a store of thousands of
    families makes no objects for them)."""

    id: str
    family_name: str
    reference: str
    allocated_to: str
    status: str
    level_code: str
    next_review: dt.date | None
    last_contact: dt.date | None
    request_date: dt.date | None


def live_families(session: Session) -> dict[str, FamilyLine]:
    """Every family in the store that is not deleted, by id."""
    rows = session.execute(
        select(Family.id, Family.family_name, Family.reference, Family.allocated_to,
               Family.status, Family.level_code, Family.next_review, Family.last_contact,
               Family.request_date).where(Family.deleted.is_(False))
    )
    return {row[0]: FamilyLine(*row) for row in rows}


def waiting_for_me(
    session: Session, actor: Profile, today: dt.date | None = None
) -> tuple[WaitingItem, ...]:
    """Every assessment awaiting sign-off in this store, oldest first (by completion)."""
    today = today or today_date()
    reviewed = select(AssessmentReview.assessment_id).where(AssessmentReview.deleted.is_(False))
    amended = select(Assessment.amends_id).where(
        Assessment.deleted.is_(False), Assessment.amends_id.is_not(None),
        Assessment.completed_at.is_not(None),
    )
    items: list[tuple[dt.datetime, WaitingItem]] = []
    # The database picks them out: completed, never reviewed, not put right by a completed
    # amendment, in a family neither deleted nor closed.
    for row, family_name, reference, worker in session.execute(
        select(Assessment, Family.family_name, Family.reference, Family.allocated_to)
        .join(Family, Family.id == Assessment.family_id)
        .where(
            Family.deleted.is_(False), Family.status != "closed",
            Assessment.deleted.is_(False), Assessment.completed_at.is_not(None),
            Assessment.kind != AUDIT_KIND,  # the lead's own audits wait for nobody
            Assessment.id.not_in(reviewed), Assessment.id.not_in(amended),
        )
    ):
        assert row.completed_at is not None
        completed_on = uk_local(row.completed_at).date()
        items.append((row.completed_at, WaitingItem(
            assessment_id=row.id, family_id=row.family_id, family_name=family_name,
            family_reference=reference, title=row.title or row.kind, kind=row.kind,
            worker=worker, completed_by=row.completed_by,
            completed_on=completed_on, age_days=max(0, (today - completed_on).days),
            resubmitted=row.amends_id is not None,
        )))
    items.sort(key=lambda pair: (pair[0], pair[1].assessment_id))
    return tuple(item for _when, item in items)


@dataclass(frozen=True)
class WorkerCaseload:
    """One worker's open families: how many, by level of need and by status."""

    worker: str  # username, or "" for families not allocated
    is_me: bool
    total: int
    by_level: tuple[tuple[str, int], ...]  # (level label, count), in the levels' order
    by_status: tuple[tuple[str, int], ...]  # (status label, count)

    @property
    def worker_label(self) -> str:
        return shown_name(self.worker) if self.worker else UNALLOCATED

    def level_count(self, label: str) -> int:
        return dict(self.by_level).get(label, 0)

    def status_count(self, label: str) -> int:
        return dict(self.by_status).get(label, 0)


@dataclass(frozen=True)
class Caseloads:
    """Every worker's caseload (the lead's own too), then the team's totals."""

    workers: tuple[WorkerCaseload, ...]
    totals: WorkerCaseload
    level_labels: tuple[str, ...]  # the columns, in order
    status_labels: tuple[str, ...]


def _counted(counter: Counter[str], order: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    return tuple((label, counter[label]) for label in order if counter[label])


def caseloads(
    session: Session, actor: Profile, levels: LevelsOfNeed | None = None
) -> Caseloads:
    """Open (not closed) families per allocated worker, by level and by status; workers
    by name, those not allocated last."""
    levels = levels or load_levels()
    # Counted by the database: one row per worker, level and status.
    counts: dict[str, Counter[tuple[str, str]]] = {}
    for worker, level_code, status, n in session.execute(
        select(Family.allocated_to, Family.level_code, Family.status, func.count())
        .where(Family.deleted.is_(False), Family.status != "closed")
        .group_by(Family.allocated_to, Family.level_code, Family.status)
    ):
        counts.setdefault(worker, Counter())[(levels.label(level_code), status)] += n
    known = tuple(level.short for level in levels.levels)
    all_levels: Counter[str] = Counter()
    for counted in counts.values():
        for (label, _status), n in counted.items():
            all_levels[label] += n
    level_order = known + tuple(sorted(set(all_levels) - set(known)))
    status_order = tuple(label for code, label in FAMILY_STATUSES.items() if code != "closed")

    def caseload(worker: str, counted: Counter[tuple[str, str]]) -> WorkerCaseload:
        by_level: Counter[str] = Counter()
        by_status: Counter[str] = Counter()
        for (label, status), n in counted.items():
            by_level[label] += n
            by_status[FAMILY_STATUSES.get(status, status)] += n
        return WorkerCaseload(
            worker=worker, is_me=bool(worker) and worker == actor.username,
            total=sum(counted.values()),
            by_level=_counted(by_level, level_order),
            by_status=_counted(by_status, status_order),
        )

    workers = tuple(
        caseload(worker, counted)
        for worker, counted in sorted(counts.items(), key=lambda kv: (not kv[0], kv[0]))
    )
    everyone: Counter[tuple[str, str]] = Counter()
    for counted in counts.values():
        everyone.update(counted)
    return Caseloads(
        workers=workers,
        totals=caseload("", everyone),
        level_labels=tuple(label for label in level_order if all_levels[label]),
        status_labels=status_order,
    )
