"""Visits and contacts: recording them, finalising them, and correcting them; here,
reading them. Beside this module: :mod:`~app.casework.visit_data` (kinds, UK time,
requests and results, the final rule) and :mod:`~app.casework.visit_writes` (recording,
finalising, addenda).

A visit records when it happened (a UTC instant, shown in UK local time, GMT
or BST as applied on the day), its kind (home visit, school, clinic, phone,
video, other), who was seen, for each child whether they were seen and seen
alone, what the child said in their own words, the worker's notes, and
follow-ups (each can become a plan action: :func:`app.casework.plan_writes.follow_up_to_action`).
Recording a visit moves the family's last contact date on.

A **planned** visit is a diary entry (Today lists it); recording it turns it
into a visit record.

**Final**: a visit record becomes final when the worker finalises it, or
``visit_final_hours`` (default 24) after it was recorded. Every read treats
an older record as final already;
:func:`~app.casework.visit_writes.finalise_due_visits` (run at unlock and from time to
time) writes ``finalised_at`` for them, as the time they became final (recorded + 24 h),
so two devices doing it agree. A final
record is never changed (here and on the server): a correction is a
:class:`~db.models.VisitAddendum`, append-only, shown with the visit.

Changes refuse a closed family (:func:`app.casework.closure.writable_family`), except
automatic finalising, which only writes down what is already so. Service
functions take ``(session, actor, request)`` (and ``now``, injectable for
tests) and return frozen dataclasses; they run on the store's worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.visit_data import (
    AddendumData,
    ChildSeenData,
    FollowUpData,
    VisitData,
    final_at,
    is_final,
)
from app.errors import NotFound
from app.records.live import live_family
from app.reference.casework_settings import CaseworkSettings, load_casework_settings
from app.store.caseload_store import Profile
from db.models import Person, PlanAction, Visit, VisitAddendum, utcnow


def person_name(p: Person) -> str:
    return f"{p.given_name} {p.family_name}".strip()


def _names(session: Session, family_id: str) -> dict[str, str]:
    return {
        p.id: person_name(p)
        for p in session.scalars(select(Person).where(Person.family_id == family_id))
    }


def _visit_data(
    row: Visit,
    names: dict[str, str],
    addenda: Sequence[AddendumData],
    actions: dict[int, str],
    settings: CaseworkSettings,
    now: dt.datetime,
) -> VisitData:
    seen = tuple(str(p) for p in (row.seen or []) if isinstance(p, str))
    children = []
    for item in row.children_seen or []:
        if not isinstance(item, dict) or not isinstance(item.get("person_id"), str):
            continue
        pid = item["person_id"]
        children.append(
            ChildSeenData(
                person_id=pid,
                name=names.get(pid, ""),
                seen=bool(item.get("seen", False)),
                seen_alone=bool(item.get("seen_alone", False)),
                pregnancy=bool(item["pregnancy"]) if "pregnancy" in item else None,
            )
        )
    follow = tuple(
        FollowUpData(i, str(text), actions.get(i)) for i, text in enumerate(row.follow_ups or [])
    )
    return VisitData(
        id=row.id,
        family_id=row.family_id,
        occurred_at=row.occurred_at,
        kind=row.kind,
        planned=bool(row.planned),
        seen=seen,
        seen_names=tuple(names.get(p, "") for p in seen),
        children_seen=tuple(children),
        child_words=row.child_words,
        notes=row.notes,
        follow_ups=follow,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        is_final=is_final(row, settings, now),
        final_at=final_at(row, settings),
        finalised_by=row.finalised_by,
        addenda=tuple(addenda),
        version=row.version,
        updated_at=row.updated_at,
    )


def _addenda(session: Session, visit_ids: Sequence[str]) -> dict[str, list[AddendumData]]:
    out: dict[str, list[AddendumData]] = {}
    if not visit_ids:
        return out
    for a in session.scalars(
        select(VisitAddendum)
        .where(VisitAddendum.visit_id.in_(list(visit_ids)), VisitAddendum.deleted.is_(False))
        .order_by(VisitAddendum.added_at)
    ):
        out.setdefault(a.visit_id, []).append(
            AddendumData(a.id, a.visit_id, a.text, a.added_at, a.by)
        )
    return out


def _actions(session: Session, visit_ids: Sequence[str]) -> dict[str, dict[int, str]]:
    out: dict[str, dict[int, str]] = {}
    if not visit_ids:
        return out
    for aid, vid, index in session.execute(
        select(PlanAction.id, PlanAction.from_visit_id, PlanAction.from_follow_up).where(
            PlanAction.from_visit_id.in_(list(visit_ids)), PlanAction.deleted.is_(False)
        )
    ):
        if index is not None:
            out.setdefault(str(vid), {})[int(index)] = aid
    return out


def _many(
    session: Session, rows: Sequence[Visit], now: dt.datetime | None
) -> tuple[VisitData, ...]:
    if not rows:
        return ()
    now = now or utcnow()
    settings = load_casework_settings(session)
    ids = [r.id for r in rows]
    addenda = _addenda(session, ids)
    actions = _actions(session, ids)
    names: dict[str, dict[str, str]] = {}
    out = []
    for r in rows:
        if r.family_id not in names:
            names[r.family_id] = _names(session, r.family_id)
        out.append(
            _visit_data(
                r, names[r.family_id], addenda.get(r.id, []), actions.get(r.id, {}), settings, now
            )
        )
    return tuple(out)


def list_visits(
    session: Session, actor: Profile, family_id: str, now: dt.datetime | None = None
) -> tuple[VisitData, ...]:
    """The family's visits and contacts (planned ones too), newest first, with addenda."""
    live_family(session, family_id)
    rows = list(
        session.scalars(
            select(Visit)
            .where(Visit.family_id == family_id, Visit.deleted.is_(False))
            .order_by(Visit.occurred_at.desc())
        )
    )
    return _many(session, rows, now)


def load_visit(
    session: Session, actor: Profile, visit_id: str, now: dt.datetime | None = None
) -> VisitData:
    row = session.get(Visit, visit_id)
    if row is None or row.deleted:
        raise NotFound("That visit is no longer in this store.")
    return _many(session, [row], now)[0]


