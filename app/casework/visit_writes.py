"""Recording visits: saving a visit or a planned one (the family's last contact moves on),
finalising one or every one due, an addendum to a final record, removing a planned one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.casework.visit_data import (
    CLOCK_SKEW,
    VISIT_KINDS,
    AddendumRequest,
    VisitData,
    VisitRequest,
    refuse_final,
    uk_local,
)
from app.casework.visits import load_visit, person_name
from app.errors import NotFound, ValidationFailed
from app.records import writes as records
from app.reference.casework_settings import load_casework_settings
from app.store.caseload_store import Profile
from db.models import Family, Person, Visit, VisitAddendum, utcnow


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
        if pid not in people or people[pid].role == "unborn":
            problems["seen"] = "Choose who was seen from this family's members."
        elif pid not in seen:
            seen.append(pid)
    children = _children_seen(request, people, seen, problems)
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


def _children_seen(
    request: VisitRequest, people: dict[str, Person], seen: list[str], problems: dict[str, str]
) -> list[dict[str, Any]]:
    """Each child seen or not (a child seen joins ``seen``), and each expected baby's
    pregnancy talked about or not; problems go into ``problems``."""
    children: list[dict[str, Any]] = []
    for child in request.children_seen:
        person = people.get(child.person_id)
        if person is not None and person.role == "unborn":
            if child.seen or child.seen_alone:
                problems["children_seen"] = (
                    "An unborn baby cannot be seen: say whether the pregnancy was talked about."
                )
            elif all(c["person_id"] != person.id for c in children):
                children.append(_pregnancy(person.id, child.pregnancy))
            continue
        if person is None or person.role != "child":
            problems["children_seen"] = "Say whether each child of this family was seen."
            continue
        if child.seen_alone and not child.seen:
            problems["children_seen"] = (
                f"{person_name(person)} cannot have been seen alone without being seen."
            )
        if any(c["person_id"] == person.id for c in children):
            continue
        children.append(
            {"person_id": person.id, "seen": bool(child.seen), "seen_alone": bool(child.seen_alone)}
        )
        if child.seen and person.id not in seen:
            seen.append(person.id)
    return children


def _pregnancy(person_id: str, talked_about: bool) -> dict[str, Any]:
    """An expected baby's entry: never seen; whether the pregnancy was talked about."""
    return {"person_id": person_id, "seen": False, "seen_alone": False,
            "pregnancy": bool(talked_about)}


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
        refuse_final(row, settings, now)
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
    refuse_final(row, settings, now)
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
    refuse_final(row, load_casework_settings(session), now)
    records.mark_deleted(session, actor, row)
