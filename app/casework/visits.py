"""Visits and contacts: recording them, finalising them, and correcting them.

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
an older record as final already; :func:`finalise_due_visits` (run at unlock
and from time to time) writes ``finalised_at`` for them, as the time they
became final (recorded + 24 h), so two devices doing it agree. A final
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
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.dates import uk_instant
from app.errors import NotFound, RecordFinal, ValidationFailed
from app.records import writes as records
from app.records.live import live_family
from app.reference.casework_settings import CaseworkSettings, load_casework_settings
from app.store.caseload_store import Profile
from db.models import Family, Person, PlanAction, Visit, VisitAddendum, utcnow

UK = ZoneInfo("Europe/London")

VISIT_KINDS: dict[str, str] = {
    "home_visit": "Home visit",
    "school": "School",
    "clinic": "Clinic",
    "phone": "Phone call",
    "video": "Video call",
    "other": "Other",
}

# A recorded visit may be timed a little ahead of this computer's clock.
CLOCK_SKEW = dt.timedelta(minutes=10)


# ---------------------------------------------------------------- UK time


def uk_local(instant: dt.datetime) -> dt.datetime:
    """A UTC instant as UK wall-clock time (GMT or BST, whichever applied)."""
    if instant.tzinfo is None:
        raise ValueError("a visit time must carry a time zone")
    return instant.astimezone(UK)


def uk_to_utc(day: dt.date, hour: int, minute: int = 0, *, fold: int = 0) -> dt.datetime:
    """UK wall-clock time on ``day`` as a UTC instant.

    In the autumn hour that happens twice, ``fold`` 0 is the first (BST) and
    1 the second (GMT); a time in the spring hour that never happens is read
    as the hour before the clocks went forward (GMT)."""
    local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UK, fold=fold)
    instant = local.astimezone(dt.UTC)
    if instant.astimezone(UK).replace(tzinfo=None) != local.replace(tzinfo=None):
        # Not a real UK time (the spring gap): take it as GMT.
        instant = local.replace(tzinfo=dt.UTC)
    return instant


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class ChildSeen:
    person_id: str
    seen: bool
    seen_alone: bool = False


@dataclass(frozen=True)
class VisitRequest:
    """A visit to record (``planned`` False) or to put in the diary (True).
    ``id`` set: change that visit (a planned one becomes a record when
    ``planned`` is False)."""

    family_id: str
    occurred_at: dt.datetime  # aware; stored as UTC
    kind: str
    seen: tuple[str, ...] = ()
    children_seen: tuple[ChildSeen, ...] = ()
    child_words: str = ""
    notes: str = ""
    follow_ups: tuple[str, ...] = ()
    planned: bool = False
    id: str | None = None


@dataclass(frozen=True)
class AddendumRequest:
    visit_id: str
    text: str


@dataclass(frozen=True)
class AddendumData:
    id: str
    visit_id: str
    text: str
    added_at: dt.datetime
    by: str

    @property
    def when_text(self) -> str:
        return uk_instant(self.added_at)


@dataclass(frozen=True)
class FollowUpData:
    index: int
    text: str
    action_id: str | None  # the plan action it became, if any


@dataclass(frozen=True)
class ChildSeenData:
    person_id: str
    name: str
    seen: bool
    seen_alone: bool


@dataclass(frozen=True)
class VisitData:
    id: str
    family_id: str
    occurred_at: dt.datetime  # UTC
    kind: str
    planned: bool
    seen: tuple[str, ...]
    seen_names: tuple[str, ...]
    children_seen: tuple[ChildSeenData, ...]
    child_words: str
    notes: str
    follow_ups: tuple[FollowUpData, ...]
    recorded_by: str
    recorded_at: dt.datetime | None
    is_final: bool  # as of the moment it was read
    final_at: dt.datetime | None  # when it became (or will become) final
    finalised_by: str  # "" when it became final by itself
    addenda: tuple[AddendumData, ...]
    version: int | None
    updated_at: dt.datetime

    @property
    def kind_label(self) -> str:
        return VISIT_KINDS.get(self.kind, self.kind)

    @property
    def local(self) -> dt.datetime:
        return uk_local(self.occurred_at)

    @property
    def local_date(self) -> dt.date:
        """The UK date it happened on."""
        return self.local.date()

    @property
    def local_time(self) -> str:
        """'HH:MM' in UK time."""
        return self.local.strftime("%H:%M")

    @property
    def when_text(self) -> str:
        """'dd/mm/yyyy HH:MM' in UK time."""
        return uk_instant(self.occurred_at)

    @property
    def is_draft(self) -> bool:
        """Recorded but not final yet (can still be changed)."""
        return not self.planned and not self.is_final

    @property
    def any_child_seen(self) -> bool:
        return any(c.seen for c in self.children_seen)

    @property
    def title(self) -> str:
        prefix = "Planned: " if self.planned else ""
        return f"{prefix}{self.kind_label}, {self.when_text}"


# ---------------------------------------------------------------- the final rule


def final_at(row: Visit, settings: CaseworkSettings) -> dt.datetime | None:
    """When the record became (or will become) final; None for a planned visit."""
    if row.finalised_at is not None:
        return row.finalised_at
    if row.planned or row.recorded_at is None:
        return None
    return row.recorded_at + settings.visit_final_after


def is_final(row: Visit, settings: CaseworkSettings, now: dt.datetime) -> bool:
    when = final_at(row, settings)
    return when is not None and (row.finalised_at is not None or when <= now)


def _refuse_final(row: Visit, settings: CaseworkSettings, now: dt.datetime) -> None:
    if is_final(row, settings, now):
        when = final_at(row, settings)
        raise RecordFinal(
            f"This visit record became final on {uk_instant(when)}, so it can no longer be "
            "changed. Add an addendum to correct or add to it."
        )


# ---------------------------------------------------------------- reading


def _name(p: Person) -> str:
    return f"{p.given_name} {p.family_name}".strip()



def _names(session: Session, family_id: str) -> dict[str, str]:
    return {
        p.id: _name(p)
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


# ---------------------------------------------------------------- writing


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _validate(
    session: Session, family: Family, request: VisitRequest, now: dt.datetime
) -> dict[str, Any]:
    problems: dict[str, str] = {}
    if request.kind not in VISIT_KINDS:
        problems["kind"] = "Choose the kind of visit or contact."
    if request.occurred_at.tzinfo is None:
        raise ValueError("a visit time must carry a time zone")
    if not request.planned and request.occurred_at > now + CLOCK_SKEW:
        problems["occurred_at"] = (
            "This visit's time is in the future: plan it instead, and record it once it has "
            "happened."
        )
    people = {
        p.id: p
        for p in session.scalars(
            select(Person).where(Person.family_id == family.id, Person.deleted.is_(False))
        )
    }
    seen: list[str] = []
    for pid in request.seen:
        if pid not in people:
            problems["seen"] = "Choose who was seen from this family's members."
        elif pid not in seen:
            seen.append(pid)
    children: list[dict[str, Any]] = []
    for child in request.children_seen:
        person = people.get(child.person_id)
        if person is None or person.role != "child":
            problems["children_seen"] = "Say whether each child of this family was seen."
            continue
        if child.seen_alone and not child.seen:
            problems["children_seen"] = (
                f"{_name(person)} cannot have been seen alone without being seen."
            )
        if any(c["person_id"] == person.id for c in children):
            continue
        children.append(
            {"person_id": person.id, "seen": bool(child.seen), "seen_alone": bool(child.seen_alone)}
        )
        if child.seen and person.id not in seen:
            seen.append(person.id)
    if problems:
        raise ValidationFailed(problems)
    follow_ups = [_clean(t) for t in request.follow_ups if _clean(t)]
    return {
        "occurred_at": request.occurred_at.astimezone(dt.UTC),
        "kind": request.kind,
        "seen": seen,
        "children_seen": children,
        "child_words": _clean(request.child_words),
        "notes": _clean(request.notes),
        "follow_ups": follow_ups,
    }


def _touch_last_contact(session: Session, actor: Profile, family: Family, row: Visit) -> None:
    if row.planned:
        return
    day = uk_local(row.occurred_at).date()
    if family.last_contact is None or family.last_contact < day:
        records.update(session, actor, family, last_contact=day)


def save_visit(
    session: Session, actor: Profile, request: VisitRequest, now: dt.datetime | None = None
) -> VisitData:
    """Record a visit, plan one, record a planned one, or change a record not yet final."""
    now = now or utcnow()
    family = writable_family(session, request.family_id)
    values = _validate(session, family, request, now)
    if request.id is None:
        row = records.create(
            session,
            actor,
            Visit,
            family_id=family.id,
            planned=request.planned,
            recorded_by="" if request.planned else actor.name,
            recorded_at=None if request.planned else now,
            finalised_by="",
            finalised_at=None,
            **values,
        )
    else:
        found = session.get(Visit, request.id)
        if found is None or found.deleted or found.family_id != family.id:
            raise NotFound("That visit is no longer in this store.")
        row = found
        settings = load_casework_settings(session)
        _refuse_final(row, settings, now)
        if request.planned and not row.planned:
            raise ValidationFailed(
                {"planned": "This visit has been recorded; it cannot go back to being planned."}
            )
        if row.planned and not request.planned:
            values.update(planned=False, recorded_by=actor.name, recorded_at=now)
        records.update(session, actor, row, **values)
    _touch_last_contact(session, actor, family, row)
    session.flush()
    return load_visit(session, actor, row.id, now)


def finalise_visit(
    session: Session, actor: Profile, visit_id: str, now: dt.datetime | None = None
) -> VisitData:
    """The worker finalises a visit record: it cannot be changed after this."""
    now = now or utcnow()
    row = session.get(Visit, visit_id)
    if row is None or row.deleted:
        raise NotFound("That visit is no longer in this store.")
    writable_family(session, row.family_id)
    if row.planned:
        raise ValidationFailed({"planned": "Record the planned visit before finalising it."})
    settings = load_casework_settings(session)
    _refuse_final(row, settings, now)
    records.update(session, actor, row, finalised_at=now, finalised_by=actor.name)
    records.audit(session, actor, "finalise", row)
    return load_visit(session, actor, row.id, now)


def finalise_due_visits(session: Session, actor: Profile, now: dt.datetime | None = None) -> int:
    """Write ``finalised_at`` on every record older than the final rule allows
    (as the moment it became final); return how many. Run at unlock and from
    time to time; it is also safe to run on two devices (they write the same)."""
    now = now or utcnow()
    settings = load_casework_settings(session)
    due_before = now - settings.visit_final_after
    rows = list(
        session.scalars(
            select(Visit).where(
                Visit.finalised_at.is_(None),
                Visit.planned.is_(False),
                Visit.recorded_at.is_not(None),
                Visit.recorded_at <= due_before,
                Visit.deleted.is_(False),
            )
        )
    )
    for row in rows:
        assert row.recorded_at is not None
        records.update(
            session,
            actor,
            row,
            finalised_at=row.recorded_at + settings.visit_final_after,
            finalised_by="",
        )
    return len(rows)


def add_addendum(
    session: Session, actor: Profile, request: AddendumRequest, now: dt.datetime | None = None
) -> VisitData:
    """Correct or add to a visit record with a linked addendum (never changed)."""
    now = now or utcnow()
    row = session.get(Visit, request.visit_id)
    if row is None or row.deleted:
        raise NotFound("That visit is no longer in this store.")
    writable_family(session, row.family_id)
    if row.planned:
        raise ValidationFailed(
            {"text": "This visit is only planned: change it directly, no addendum is needed."}
        )
    text = _clean(request.text)
    if not text:
        raise ValidationFailed({"text": "Write the correction or addition."})
    records.create(
        session,
        actor,
        VisitAddendum,
        family_id=row.family_id,
        visit_id=row.id,
        text=text,
        added_at=now,
        by=actor.name,
    )
    session.flush()
    return load_visit(session, actor, row.id, now)


def remove_visit(
    session: Session, actor: Profile, visit_id: str, now: dt.datetime | None = None
) -> None:
    """Remove a planned visit, or a record made by mistake before it is final."""
    now = now or utcnow()
    row = session.get(Visit, visit_id)
    if row is None or row.deleted:
        raise NotFound("That visit is no longer in this store.")
    writable_family(session, row.family_id)
    _refuse_final(row, load_casework_settings(session), now)
    records.mark_deleted(session, actor, row)
