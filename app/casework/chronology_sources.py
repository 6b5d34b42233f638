"""What the chronology is drawn from: one collector per kind of record, each turning
the family's records of that kind into chronology items (:mod:`app.casework.chronology`
assembles them, filters them and puts them in order)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sqlalchemy.orm import Session

from app.casework.chronology_data import ChronologyItem
from app.casework.closure import CLOSURE_REASONS
from app.casework.consent import list_consents
from app.casework.meetings import MEETING_KINDS
from app.casework.visit_data import VISIT_KINDS, uk_local
from app.forms.loader import FormRegistry
from app.reference.choices import REQUEST_SOURCES
from app.reference.levels_of_need import RENAMED, LevelsOfNeed
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
    Visit,
)

# The answer that dates an assessment (the EHAT's "Date of the assessment").
ASSESSMENT_DATE = "assessment_date"


def person_name(p: Person) -> str:
    name = f"{p.given_name} {p.family_name}".strip()
    return name or ("Unborn baby" if p.role == "unborn" else "")


def start_of(day: dt.date) -> dt.datetime:
    """Midnight UTC at the start of ``day`` (where an item with no time of its own sorts)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _whole(text: str) -> str:
    """The text as recorded, only trimmed of surrounding space (never cut short)."""
    return text.strip()


def _join(parts: Iterable[str]) -> str:
    return " ".join(p if p.endswith((".", "?", "!", "”", '"')) else p + "." for p in parts if p)


def referral_items(family: Family) -> list[ChronologyItem]:
    """The request for help, when its date is known."""
    if family.request_date is None:
        return []
    source = REQUEST_SOURCES.get(family.request_source, family.request_source)
    return [
        ChronologyItem(
            date=family.request_date,
            type="referral",
            title="Request for help received",
            detail=_whole(family.request_reason),
            source=source,
            significant=True,
            area="family",
            record_id=family.id,
        )
    ]


def consent_items(session: Session, actor: Profile, family_id: str) -> list[ChronologyItem]:
    """Each consent given, followed by its withdrawals."""
    items: list[ChronologyItem] = []
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
                    detail=_whole(w.notes),
                    source=w.recorded_by,
                    significant=True,
                    area="consent",
                    record_id=consent.id,
                    sort_at=w.recorded_at,
                )
            )
    return items


def assessment_items(
    assessments: Iterable[Assessment],
    names: Mapping[str, str],
    registry: FormRegistry | None = None,
) -> list[ChronologyItem]:
    """Each completed assessment (drafts are not in the chronology), dated by when it
    happened (:func:`assessment_day`), not by when it was signed off as complete."""
    items: list[ChronologyItem] = []
    for a in assessments:
        if a.completed_at is None:
            continue
        child_ids = (a.child_person_id,) if a.child_person_id else ()
        local = uk_local(a.completed_at)
        held = assessment_day(a, registry)
        same_day = held == local.date()
        items.append(
            ChronologyItem(
                date=held,
                time=local.strftime("%H:%M") if same_day else "",
                type="assessment",
                title=f"{a.title or 'Assessment'} completed"
                + (" (an amendment)" if a.amends_id else ""),
                detail="" if same_day else f"Completed on {local.strftime('%d/%m/%Y')}.",
                source=a.completed_by,
                child=", ".join(names.get(c, "") for c in child_ids),
                child_ids=child_ids,
                significant=True,
                area="assessments",
                record_id=a.id,
                sort_at=a.completed_at if same_day else None,
            )
        )
    return items


def assessment_day(a: Assessment, registry: FormRegistry | None = None) -> dt.date:
    """When the assessment happened: its ``assessment_date`` answer (the EHAT's), else
    the first date field of its form that is answered (when the form is known), else
    the UK day it was completed."""
    answers = a.answers or {}
    fields = [ASSESSMENT_DATE]
    if registry is not None and registry.has(a.form_id, a.form_version):
        form = registry.get(a.form_id, a.form_version)
        fields += [f.id for f in form.top_fields() if f.type == "date"]
    for field_id in fields:
        day = _iso_day(answers.get(field_id))
        if day is not None:
            return day
    return uk_local(a.completed_at or a.started_at).date()


def _iso_day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def level_change_items(
    changes: Iterable[LevelChange], steps: Iterable[StepChange], levels: LevelsOfNeed
) -> list[ChronologyItem]:
    """Each level-of-need decision, except those a step up or down made (the step says it)."""
    stepped_levels = {s.level_change_id for s in steps if s.level_change_id}
    items: list[ChronologyItem] = []
    for c in changes:
        if c.id in stepped_levels:
            continue
        before = levels.label(c.from_level) if c.from_level else ""
        changed = "renamed" if c.direction == RENAMED else "changed"
        title = (
            f"Level of need set to {levels.label(c.to_level)}"
            if not before
            else f"Level of need {changed} from {before} to {levels.label(c.to_level)}"
        )
        items.append(
            ChronologyItem(
                date=c.decided_on,
                type="level_change",
                title=title,
                detail=_whole(c.reason),
                source=c.decided_by,
                significant=c.direction != RENAMED,  # no decision about the family
                area="family",
                record_id=c.id,
                sort_at=c.updated_at,
            )
        )
    return items


def meeting_items(meetings: Iterable[Meeting]) -> list[ChronologyItem]:
    """Each meeting held (significant) and each review (not, by default)."""
    items: list[ChronologyItem] = []
    for m in meetings:
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
                        _whole(m.decisions),
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
    return items


def visit_items(visits: Iterable[Visit], names: Mapping[str, str]) -> list[ChronologyItem]:
    """Each recorded visit or contact (planned ones are diary entries, not yet history)."""
    items: list[ChronologyItem] = []
    for v in visits:
        if v.planned:
            continue
        local = uk_local(v.occurred_at)
        detail, seen_ids = _visit_detail(v, names)
        items.append(
            ChronologyItem(
                date=local.date(),
                time=local.strftime("%H:%M"),
                type="visit",
                title=VISIT_KINDS.get(v.kind, v.kind),
                detail=detail,
                source=v.recorded_by,
                child=", ".join(names.get(c, "") for c in seen_ids),
                child_ids=tuple(seen_ids),
                significant=False,
                area="visits",
                record_id=v.id,
                sort_at=v.occurred_at,
            )
        )
    return items


def _visit_detail(v: Visit, names: Mapping[str, str]) -> tuple[str, list[str]]:
    """What a visit's item says (who was seen, alone or not, what the child said, the
    notes), and the ids of the children it names."""
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
        parts.append(f"The child said: “{_whole(v.child_words)}”")
    if v.notes:
        parts.append(_whole(v.notes))
    return _join(parts), seen_ids


def step_change_items(steps: Iterable[StepChange], levels: LevelsOfNeed) -> list[ChronologyItem]:
    """Each step up to children's social care or step down into early help."""
    items: list[ChronologyItem] = []
    for s in steps:
        if s.kind == "step_up":
            title = f"Stepped up to {s.destination or 'children’s social care'}"
        else:
            title = f"Stepped down into {s.destination or 'early help'}"
        parts = [
            _whole(s.reason),
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
    return items


def closure_items(closures: Iterable[Closure]) -> list[ChronologyItem]:
    """Each closure and, when it was reopened, the reopening (both last on their day)."""
    items: list[ChronologyItem] = []
    for closure in closures:
        items.append(
            ChronologyItem(
                date=closure.closed_on,
                type="closure",
                title="Case closed: " + CLOSURE_REASONS.get(closure.reason, closure.reason),
                detail=_whole(closure.reason_detail),
                source=closure.closed_by,
                significant=True,
                area="closure",
                record_id=closure.id,
                sort_at=start_of(closure.closed_on) + dt.timedelta(hours=23, minutes=58),
            )
        )
        if closure.reopened_on is not None:
            items.append(
                ChronologyItem(
                    date=closure.reopened_on,
                    type="referral",
                    title="Case reopened" + (" (a re-referral)" if closure.is_rereferral else ""),
                    detail=_whole(closure.reopen_reason),
                    source=closure.reopened_by,
                    significant=True,
                    area="closure",
                    record_id=closure.id,
                    sort_at=start_of(closure.reopened_on) + dt.timedelta(hours=23, minutes=59),
                )
            )
    return items


def event_items(
    entries: Iterable[ChronologyEntry], names: Mapping[str, str]
) -> list[ChronologyItem]:
    """Each significant event the worker added by hand."""
    items: list[ChronologyItem] = []
    for e in entries:
        child_ids = (e.child_person_id,) if e.child_person_id else ()
        items.append(
            ChronologyItem(
                date=e.occurred_on,
                type="event",
                title=_whole(e.event),
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
    return items


def supervision_items(rows: Iterable[Supervision]) -> list[ChronologyItem]:
    """Each supervision of the case by a team lead (management oversight)."""
    return [
        ChronologyItem(
            date=r.held_on,
            type="supervision",
            title=f"Management oversight by {r.supervisor}" if r.supervisor
            else "Management oversight",
            detail=_whole(_join((r.decisions or r.discussion,))),
            source=r.supervisor,
            significant=True,
            area="supervision",
            record_id=r.id,
            sort_at=r.updated_at,
        )
        for r in rows
    ]
