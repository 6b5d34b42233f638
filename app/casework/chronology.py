"""The chronology: a family's timeline built from everything recorded, plus
significant events the worker adds by hand.

Drawn from: the request for help (``Family.request_*``), consents and their
withdrawals, completed assessments, level-of-need decisions, meetings and
reviews, visits and contacts (recorded ones, not planned), step ups and
downs, closures and reopenings, and manual entries
(:class:`~db.models.ChronologyEntry`: date, event, source, impact on the
child, significant or not, and the child it is about).

Each item has a date (UK date; visits also a UK time), a type, a title, a
detail, a source (who or where it came from), the child or children it is
about (none: the whole family), whether it is significant, and what to open
(``area`` and ``record_id``). Items are oldest first.

Filters: by type, by child (items about that child, and whole-family items),
significant only. What counts as significant by default is
:data:`SIGNIFICANT_TYPES`; manual entries carry their own flag, meetings are
significant except reviews.

Manual entries refuse a closed family (:func:`app.casework.closure.writable_family`).
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.chronology_data import (
    CHRONOLOGY_TYPES,
    Chronology,
    ChronologyEntryData,
    ChronologyEntryRequest,
    ChronologyFilter,
    ChronologyItem,
)
from app.casework.chronology_sources import (
    assessment_items,
    closure_items,
    consent_items,
    event_items,
    level_change_items,
    meeting_items,
    person_name,
    referral_items,
    start_of,
    step_change_items,
    supervision_items,
    visit_items,
)
from app.casework.closure import writable_family
from app.dates import today
from app.errors import NotFound, ValidationFailed
from app.forms.loader import FormRegistry
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed, load_levels
from app.store.caseload_store import Profile
from db.models import (
    Assessment,
    ChronologyEntry,
    Closure,
    Family,
    LevelChange,
    Meeting,
    Person,
    StepChange,
    Supervision,
    SyncColumns,
    Visit,
)

# Sorting the same day: the order things usually happen in.
_TYPE_ORDER = {t: i for i, t in enumerate(CHRONOLOGY_TYPES)}

Record = TypeVar("Record", bound=SyncColumns)


# ---------------------------------------------------------------- building


def build_chronology(
    session: Session,
    actor: Profile,
    family_id: str,
    filters: ChronologyFilter | None = None,
    levels: LevelsOfNeed | None = None,
    registry: FormRegistry | None = None,
) -> Chronology:
    """The family's chronology, oldest first, filtered. With the form ``registry``, an
    assessment without an ``assessment_date`` answer is dated by its form's first date
    field (see :func:`~app.casework.chronology_sources.assessment_day`)."""
    filters = filters or ChronologyFilter()
    family = session.get(Family, family_id)
    if family is None or family.deleted:
        raise NotFound("That family is no longer in this store.")
    levels = levels or load_levels()
    people = session.scalars(select(Person).where(Person.family_id == family_id))
    names = {p.id: person_name(p) for p in people}
    steps = _live(session, StepChange, family_id)
    items = [
        *referral_items(family),
        *consent_items(session, actor, family_id),
        *assessment_items(_live(session, Assessment, family_id), names, registry),
        *level_change_items(_live(session, LevelChange, family_id), steps, levels),
        *meeting_items(_live(session, Meeting, family_id)),
        *visit_items(_live(session, Visit, family_id), names),
        *step_change_items(steps, levels),
        *closure_items(_live(session, Closure, family_id)),
        *event_items(_live(session, ChronologyEntry, family_id), names),
        *supervision_items(_live(session, Supervision, family_id)),
    ]
    wanted = [i for i in items if _matches(i, filters)]
    wanted.sort(key=_order)
    return Chronology(family_id=family_id, items=tuple(wanted), filters=filters)


def _order(item: ChronologyItem) -> tuple[object, ...]:
    """Within a day: what has only a date first (in the order it was recorded), then
    what has a time, by its time; a closure or a reopening ends its day. The screen and
    the printed chronology both show this order."""
    within_day = 2 if item.area == "closure" else (1 if item.time else 0)
    at = item.sort_at or start_of(item.date)
    return (item.date, within_day, at, _TYPE_ORDER.get(item.type, 99))


def _live(session: Session, model: type[Record], family_id: str) -> list[Record]:
    """The family's records of one kind, not deleted."""
    return list(
        session.scalars(
            select(model).where(
                model.family_id == family_id,  # type: ignore[attr-defined]
                model.deleted.is_(False),
            )
        )
    )


def _matches(item: ChronologyItem, filters: ChronologyFilter) -> bool:
    if filters.types is not None and item.type not in filters.types:
        return False
    if filters.significant_only and not item.significant:
        return False
    return not (
        filters.child_person_id
        and item.child_ids
        and filters.child_person_id not in item.child_ids
    )


# ---------------------------------------------------------------- manual entries


def _entry(row: ChronologyEntry) -> ChronologyEntryData:
    return ChronologyEntryData(
        id=row.id,
        family_id=row.family_id,
        occurred_on=row.occurred_on,
        event=row.event,
        source=row.source,
        impact_on_child=row.impact_on_child,
        significant=bool(row.significant),
        child_person_id=row.child_person_id,
        recorded_by=row.recorded_by,
        version=row.version,
    )


def save_chronology_entry(
    session: Session, actor: Profile, request: ChronologyEntryRequest
) -> ChronologyEntryData:
    """Add (or correct) a significant event the worker records by hand."""
    family = writable_family(session, request.family_id)
    problems: dict[str, str] = {}
    event = request.event.strip()
    if not event:
        problems["event"] = "Say what happened."
    if request.occurred_on > today():
        problems["occurred_on"] = "An event in the chronology cannot be in the future."
    if request.child_person_id:
        child = session.get(Person, request.child_person_id)
        if child is None or child.deleted or child.family_id != family.id or child.role not in (
            "child",
            "unborn",
        ):
            problems["child_person_id"] = "Choose a child in this family (or none)."
    if problems:
        raise ValidationFailed(problems)
    values = {
        "occurred_on": request.occurred_on,
        "event": event,
        "source": " ".join(request.source.split()),
        "impact_on_child": request.impact_on_child.strip(),
        "significant": bool(request.significant),
        "child_person_id": request.child_person_id or None,
    }
    if request.id is None:
        row = records.create(
            session, actor, ChronologyEntry, family_id=family.id, recorded_by=actor.name, **values
        )
    else:
        found = session.get(ChronologyEntry, request.id)
        if found is None or found.deleted or found.family_id != family.id:
            raise NotFound("That chronology entry is no longer in this store.")
        row = found
        records.update(session, actor, row, **values)
    return _entry(row)


def list_chronology_entries(
    session: Session, actor: Profile, family_id: str
) -> tuple[ChronologyEntryData, ...]:
    rows = session.scalars(
        select(ChronologyEntry)
        .where(ChronologyEntry.family_id == family_id, ChronologyEntry.deleted.is_(False))
        .order_by(ChronologyEntry.occurred_on)
    )
    return tuple(_entry(r) for r in rows)


def remove_chronology_entry(session: Session, actor: Profile, entry_id: str) -> None:
    row = session.get(ChronologyEntry, entry_id)
    if row is None or row.deleted:
        raise NotFound("That chronology entry is no longer in this store.")
    writable_family(session, row.family_id)
    records.mark_deleted(session, actor, row)
