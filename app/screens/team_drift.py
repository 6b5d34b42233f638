"""Drift, for the Team area: casework slipping, across every open family in this store,
grouped by the family's allocated worker.

The kinds (:data:`DRIFT_KINDS`):

* ``review_overdue``: the family's next review date has passed;
* ``action_overdue``: a plan action still not started or on track, its due date passed;
* ``no_contact``: no contact for ``no_contact_weeks`` weeks (casework settings), or none
  recorded since a request for help that long ago;
* ``consent_missing``: an open family with no consent in force;
* ``ehat_late``: no completed EHAT ``ehat_due_days`` days after consent to assess was
  given;
* ``visit_unfinalised``: a visit record not yet final;
* ``supervision_overdue``: the next supervision of the case (management oversight) was
  due and none has been recorded since.

"Passed" means before today (UK date). Each line says what to open, like Today's:
``family_id``, ``area`` and ``record_id``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.consent import consent_statuses
from app.casework.plan_data import OPEN_STATUSES
from app.casework.visit_data import is_final, uk_local
from app.dates import today as today_date
from app.dates import uk
from app.families.allocation import shown_name
from app.reference.casework_settings import CaseworkSettings, load_casework_settings
from app.screens.team_screen import UNALLOCATED, FamilyLine, live_families
from app.store.caseload_store import Profile
from db.models import Assessment, PlanAction, Supervision, Visit, utcnow

EHAT_KIND = "ehat"

DRIFT_KINDS: dict[str, str] = {
    "review_overdue": "Review overdue",
    "action_overdue": "Plan action overdue",
    "no_contact": "No contact",
    "consent_missing": "No consent in force",
    "ehat_late": "EHAT not completed",
    "visit_unfinalised": "Visit record not final",
    "supervision_overdue": "Supervision overdue",
}


@dataclass(frozen=True)
class DriftItem:
    kind: str
    worker: str  # the family's allocated worker, "" if none
    family_id: str
    family_name: str
    family_reference: str
    title: str
    area: str
    record_id: str
    since: dt.date | None  # when it started to drift (a due date, the last contact...)
    days: int  # how long it has drifted, in days (0 if not known)

    @property
    def kind_label(self) -> str:
        return DRIFT_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class WorkerDrift:
    worker: str
    items: tuple[DriftItem, ...]  # longest drifting first

    @property
    def worker_label(self) -> str:
        return shown_name(self.worker) if self.worker else UNALLOCATED


def _item(
    f: FamilyLine, today: dt.date, kind: str, title: str, area: str, record_id: str,
    since: dt.date | None,
) -> DriftItem:
    return DriftItem(
        kind=kind, worker=f.allocated_to, family_id=f.id, family_name=f.family_name,
        family_reference=f.reference, title=title, area=area, record_id=record_id,
        since=since, days=(today - since).days if since else 0,
    )


def _family_items(
    session: Session, families: list[FamilyLine], today: dt.date, settings: CaseworkSettings
) -> list[DriftItem]:
    """Reviews overdue, no contact, no consent, EHAT late: one family at a time."""
    items: list[DriftItem] = []
    no_contact = today - dt.timedelta(weeks=settings.no_contact_weeks)
    ehat_due = dt.timedelta(days=settings.ehat_due_days)
    ehat_done = set(session.scalars(
        select(Assessment.family_id).where(
            Assessment.deleted.is_(False), Assessment.kind == EHAT_KIND,
            Assessment.completed_at.is_not(None))
    ))
    consents = consent_statuses(session, [f.id for f in families if f.status == "open"])
    for f in families:
        if f.next_review is not None and f.next_review < today:
            items.append(_item(f, today, "review_overdue", f"Review due on {uk(f.next_review)}",
                               "meetings", "", f.next_review))
        contact = f.last_contact or f.request_date
        if contact is not None and contact < no_contact:
            title = (f"Last contact on {uk(contact)}" if f.last_contact
                     else f"No contact recorded since the request on {uk(contact)}")
            items.append(_item(f, today, "no_contact", title, "visits", "", contact))
        if f.status != "open":
            continue
        status = consents[f.id]
        if not (status.can_assess or status.share_agencies or status.refer_services):
            items.append(_item(f, today, "consent_missing", status.summary, "consent", "",
                               None))
        assess = [c.given_on for c in status.consents if c.assess_now]
        if assess and f.id not in ehat_done and min(assess) + ehat_due < today:
            given = min(assess)
            items.append(_item(f, today, "ehat_late",
                               f"Consent given on {uk(given)}; no EHAT completed",
                               "assessments", "", given + ehat_due))
    return items


def _action_items(
    session: Session, by_id: dict[str, FamilyLine], today: dt.date
) -> list[DriftItem]:
    items: list[DriftItem] = []
    for a in session.scalars(
        select(PlanAction).where(
            PlanAction.deleted.is_(False),
            PlanAction.status.in_(sorted(OPEN_STATUSES)), PlanAction.due_on.is_not(None),
            PlanAction.due_on < today,
        )
    ):
        if a.family_id not in by_id:
            continue  # a closed or deleted family's (read all: see consent_statuses)
        assert a.due_on is not None
        items.append(_item(by_id[a.family_id], today, "action_overdue",
                           f"{a.text[:80]} (due {uk(a.due_on)})", "plan", a.id, a.due_on))
    return items


def _visit_items(
    session: Session, by_id: dict[str, FamilyLine], today: dt.date, settings: CaseworkSettings,
    now: dt.datetime,
) -> list[DriftItem]:
    items: list[DriftItem] = []
    for v in session.scalars(
        select(Visit).where(
            Visit.deleted.is_(False),
            Visit.planned.is_(False),
            Visit.finalised_at.is_(None),  # final for good: never drifting
        )
    ):
        if v.family_id not in by_id or is_final(v, settings, now):
            continue
        day = uk_local(v.occurred_at).date()
        items.append(_item(by_id[v.family_id], today, "visit_unfinalised",
                           f"Visit of {uk(day)} not final", "visits", v.id, day))
    return items


def _supervision_items(
    session: Session, by_id: dict[str, FamilyLine], today: dt.date
) -> list[DriftItem]:
    """The latest supervision of each case, when its next one was due before today."""
    latest: dict[str, Supervision] = {}
    for s in session.scalars(
        select(Supervision).where(
            Supervision.deleted.is_(False)
        ).order_by(Supervision.held_on)
    ):
        if s.family_id in by_id:
            latest[s.family_id] = s
    return [
        _item(by_id[fid], today, "supervision_overdue",
              f"Supervision due on {uk(s.next_due_on)}", "supervision", s.id, s.next_due_on)
        for fid, s in latest.items()
        if s.next_due_on is not None and s.next_due_on < today
    ]


def drift(
    session: Session,
    actor: Profile,
    settings: CaseworkSettings | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> tuple[WorkerDrift, ...]:
    """Everything drifting in the store's open families, grouped by worker (by name,
    families not allocated last); within a worker, longest drifting first."""
    settings = settings or load_casework_settings(session)
    today = today or today_date()
    now = now or utcnow()
    families = sorted(
        (f for f in live_families(session).values() if f.status != "closed"),
        key=lambda f: f.family_name,
    )
    by_id = {f.id: f for f in families}
    items = [
        *_family_items(session, families, today, settings),
        *_action_items(session, by_id, today),
        *_visit_items(session, by_id, today, settings, now),
        *_supervision_items(session, by_id, today),
    ]
    grouped: dict[str, list[DriftItem]] = {}
    for item in items:
        grouped.setdefault(item.worker, []).append(item)
    return tuple(
        WorkerDrift(worker, tuple(sorted(
            found, key=lambda i: (-i.days, i.family_name, i.kind, i.record_id))))
        for worker, found in sorted(grouped.items(), key=lambda kv: (not kv[0], kv[0]))
    )
