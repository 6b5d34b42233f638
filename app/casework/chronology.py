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

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.closure import CLOSURE_REASONS, writable_family
from app.casework.consent import list_consents
from app.casework.meetings import MEETING_KINDS
from app.casework.visit_data import VISIT_KINDS, uk_local
from app.dates import today
from app.errors import NotFound, ValidationFailed
from app.records import writes as records
from app.reference.choices import REQUEST_SOURCES
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
    Visit,
)

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
}

# Types significant by default (manual events carry their own flag).
SIGNIFICANT_TYPES: frozenset[str] = frozenset(
    {"referral", "level_change", "meeting", "step_change", "closure", "assessment"}
)

# Sorting the same day: the order things usually happen in.
_TYPE_ORDER = {t: i for i, t in enumerate(CHRONOLOGY_TYPES)}

DETAIL_LIMIT = 600


# ---------------------------------------------------------------- plain data


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


# ---------------------------------------------------------------- building


def _name(p: Person) -> str:
    name = f"{p.given_name} {p.family_name}".strip()
    return name or ("Unborn baby" if p.role == "unborn" else "")


def _short(text: str, limit: int = DETAIL_LIMIT) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _join(parts: Iterable[str]) -> str:
    return " ".join(p if p.endswith((".", "?", "!", "”", '"')) else p + "." for p in parts if p)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def build_chronology(
    session: Session,
    actor: Profile,
    family_id: str,
    filters: ChronologyFilter | None = None,
    levels: LevelsOfNeed | None = None,
) -> Chronology:
    """The family's chronology, oldest first, filtered."""
    filters = filters or ChronologyFilter()
    family = session.get(Family, family_id)
    if family is None or family.deleted:
        raise NotFound("That family is no longer in this store.")
    levels = levels or load_levels()
    people = {p.id: p for p in session.scalars(select(Person).where(Person.family_id == family_id))}
    names = {pid: _name(p) for pid, p in people.items()}
    items: list[ChronologyItem] = []

    def live(model: type) -> list:  # type: ignore[type-arg]
        return list(
            session.scalars(
                select(model).where(
                    model.family_id == family_id,  # type: ignore[attr-defined]
                    model.deleted.is_(False),  # type: ignore[attr-defined]
                )
            )
        )

    if family.request_date is not None:
        source = REQUEST_SOURCES.get(family.request_source, family.request_source)
        items.append(
            ChronologyItem(
                date=family.request_date,
                type="referral",
                title="Request for help received",
                detail=_short(family.request_reason),
                source=source,
                significant=True,
                area="family",
                record_id=family.id,
            )
        )

    for consent in list_consents(session, actor, family_id):
        items.append(
            ChronologyItem(
                date=consent.given_on,
                type="consent",
                title=f"Consent given by {consent.given_by_name}",
                detail=_join([f"Consent {consent.scope_text()}", consent.method_label]),
                source=consent.taken_by,
                area="consent",
                record_id=consent.id,
                sort_at=consent.recorded_at,
            )
        )
        for w in consent.withdrawals:
            what = "all of it" if w.all_of_it else "part of it"
            items.append(
                ChronologyItem(
                    date=w.withdrawn_on,
                    type="consent",
                    title=f"Consent withdrawn by {w.withdrawn_by} ({what})",
                    detail=_short(w.notes),
                    source=w.recorded_by,
                    significant=True,
                    area="consent",
                    record_id=consent.id,
                    sort_at=w.recorded_at,
                )
            )

    for a in live(Assessment):
        if a.completed_at is None:
            continue
        child_ids = (a.child_person_id,) if a.child_person_id else ()
        local = uk_local(a.completed_at)
        items.append(
            ChronologyItem(
                date=local.date(),
                time=local.strftime("%H:%M"),
                type="assessment",
                title=f"{a.title or 'Assessment'} completed"
                + (" (an amendment)" if a.amends_id else ""),
                source=a.completed_by,
                child=", ".join(names.get(c, "") for c in child_ids),
                child_ids=child_ids,
                significant=True,
                area="assessments",
                record_id=a.id,
                sort_at=a.completed_at,
            )
        )

    steps = live(StepChange)
    stepped_levels = {s.level_change_id for s in steps if s.level_change_id}
    for c in live(LevelChange):
        if c.id in stepped_levels:
            continue
        before = levels.label(c.from_level) if c.from_level else ""
        title = (
            f"Level of need set to {levels.label(c.to_level)}"
            if not before
            else f"Level of need changed from {before} to {levels.label(c.to_level)}"
        )
        items.append(
            ChronologyItem(
                date=c.decided_on,
                type="level_change",
                title=title,
                detail=_short(c.reason),
                source=c.decided_by,
                significant=True,
                area="family",
                record_id=c.id,
                sort_at=c.updated_at,
            )
        )

    for m in live(Meeting):
        kind = "review" if m.kind == "review" else "meeting"
        attended = [
            str(x.get("name", ""))
            for x in (m.attendees or [])
            if isinstance(x, dict) and x.get("attended", True)
        ]
        items.append(
            ChronologyItem(
                date=m.held_on,
                type=kind,
                title=MEETING_KINDS.get(m.kind, m.kind) + " held",
                detail=_join(
                    [
                        _short(m.decisions),
                        f"Attended: {', '.join(a for a in attended if a)}" if attended else "",
                    ]
                ),
                source=m.chair and f"Chair: {m.chair}",
                significant=kind == "meeting",
                area="meetings",
                record_id=m.id,
                sort_at=m.updated_at,
            )
        )

    for v in live(Visit):
        if v.planned:
            continue
        local = uk_local(v.occurred_at)
        seen_children: list[str] = []
        seen_ids: list[str] = []
        alone: list[str] = []
        not_seen: list[str] = []
        for c in v.children_seen or []:
            if not isinstance(c, dict) or not isinstance(c.get("person_id"), str):
                continue
            pid = c["person_id"]
            seen_ids.append(pid)
            if c.get("seen"):
                seen_children.append(names.get(pid, ""))
                if c.get("seen_alone"):
                    alone.append(names.get(pid, ""))
            else:
                not_seen.append(names.get(pid, ""))
        parts = []
        if seen_children:
            parts.append("Children seen: " + ", ".join(seen_children))
        if alone:
            parts.append("Seen alone: " + ", ".join(alone))
        if not_seen:
            parts.append("Not seen: " + ", ".join(not_seen))
        if v.child_words:
            parts.append(f"The child said: “{_short(v.child_words, 300)}”")
        if v.notes:
            parts.append(_short(v.notes, 300))
        items.append(
            ChronologyItem(
                date=local.date(),
                time=local.strftime("%H:%M"),
                type="visit",
                title=VISIT_KINDS.get(v.kind, v.kind),
                detail=_join(parts),
                source=v.recorded_by,
                child=", ".join(names.get(c, "") for c in seen_ids),
                child_ids=tuple(seen_ids),
                significant=False,
                area="visits",
                record_id=v.id,
                sort_at=v.occurred_at,
            )
        )

    for s in steps:
        if s.kind == "step_up":
            title = f"Stepped up to {s.destination or 'children’s social care'}"
        else:
            title = f"Stepped down into {s.destination or 'early help'}"
        parts = [
            _short(s.reason),
            f"Level of need: {levels.label(s.to_level)}" if s.to_level else "",
            f"New lead professional: {s.new_lead_professional}"
            + (f" ({s.new_lead_agency})" if s.new_lead_agency else "")
            if s.new_lead_professional
            else "",
            f"Referral outcome: {s.referral_outcome}" if s.referral_outcome else "",
        ]
        items.append(
            ChronologyItem(
                date=s.decided_on,
                type="step_change",
                title=title,
                detail=_join(parts),
                source=s.decided_by,
                significant=True,
                area="step_changes",
                record_id=s.id,
                sort_at=s.updated_at,
            )
        )

    for closure in live(Closure):
        items.append(
            ChronologyItem(
                date=closure.closed_on,
                type="closure",
                title="Case closed: " + CLOSURE_REASONS.get(closure.reason, closure.reason),
                detail=_short(closure.reason_detail),
                source=closure.closed_by,
                significant=True,
                area="closure",
                record_id=closure.id,
                sort_at=_at(closure.closed_on) + dt.timedelta(hours=23, minutes=58),
            )
        )
        if closure.reopened_on is not None:
            items.append(
                ChronologyItem(
                    date=closure.reopened_on,
                    type="referral",
                    title="Case reopened" + (" (a re-referral)" if closure.is_rereferral else ""),
                    detail=_short(closure.reopen_reason),
                    source=closure.reopened_by,
                    significant=True,
                    area="closure",
                    record_id=closure.id,
                    sort_at=_at(closure.reopened_on) + dt.timedelta(hours=23, minutes=59),
                )
            )

    for e in live(ChronologyEntry):
        child_ids = (e.child_person_id,) if e.child_person_id else ()
        items.append(
            ChronologyItem(
                date=e.occurred_on,
                type="event",
                title=_short(e.event, 200),
                detail=_short(e.event) if len(e.event) > 200 else "",
                source=e.source,
                child=", ".join(names.get(c, "") for c in child_ids),
                child_ids=child_ids,
                significant=bool(e.significant),
                impact_on_child=e.impact_on_child,
                area="chronology",
                record_id=e.id,
                sort_at=e.updated_at,
            )
        )

    wanted = [i for i in items if _matches(i, filters)]
    wanted.sort(key=lambda i: (i.date, i.sort_at or _at(i.date), _TYPE_ORDER.get(i.type, 99)))
    return Chronology(family_id=family_id, items=tuple(wanted), filters=filters)


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
