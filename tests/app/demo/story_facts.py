"""What a demo family's records say, gathered for tests/app/demo/story_faults.py: the
children with their birthdays, the level history, the closure, every dated record and
every piece of text with the day it speaks of.

Read straight from the store's tables, so the checks see what a worker would see,
whatever wrote it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import dates
from app.casework.chronology_sources import assessment_day
from app.casework.visit_data import uk_local
from app.forms.loader import FormRegistry
from db.models import (
    Assessment,
    AssessmentReview,
    ChronologyEntry,
    Closure,
    Consent,
    Family,
    LevelChange,
    Meeting,
    Person,
    PlanAction,
    PlanNeed,
    PlanOutcome,
    PlanSnapshot,
    StepChange,
    Supervision,
    Visit,
)


@dataclass(frozen=True)
class Child:
    id: str
    name: str
    born: dt.date | None  # None: unborn
    due: dt.date | None = None
    setting: str = ""  # school or early years setting

    def is_born_by(self, day: dt.date) -> bool:
        return self.born is not None and self.born <= day

    def age_on(self, day: dt.date) -> int | None:
        """Whole years on ``day``; None before the child was born."""
        if self.born is None or self.born > day:
            return None
        years = day.year - self.born.year
        return years - ((day.month, day.day) < (self.born.month, self.born.day))

    def expected_on(self, day: dt.date) -> bool:
        """Was the child on the way on ``day`` (due or born within 40 weeks after it)?"""
        arrival = self.born or self.due
        return arrival is not None and day < arrival <= day + dt.timedelta(weeks=40)


@dataclass(frozen=True)
class Said:
    """A piece of text in a record, and the day it speaks of."""

    day: dt.date
    where: str
    text: str


@dataclass(frozen=True)
class Dated:
    """A dated record: when it happened, what it is, and whether it may be in the future
    (a planned visit, a next review, a due date)."""

    day: dt.date
    what: str
    ahead: bool = False


@dataclass
class FamilyStory:
    reference: str
    status: str
    level: str
    request: dt.date | None
    last_contact: dt.date | None
    children: list[Child]
    levels: list[LevelChange]
    closed_on: dt.date | None  # a closure not reopened
    # Each closure not reopened: its reason and its summary (what the worker wrote).
    closures: list[tuple[str, str]] = field(default_factory=list)
    said: list[Said] = field(default_factory=list)
    dated: list[Dated] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    gcp2: list[Assessment] = field(default_factory=list)
    ehat: list[tuple[dt.date, dict[str, Any]]] = field(default_factory=list)
    reviews: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)  # done, signed
    plan_texts: int = 0
    named_on: list[tuple[dt.date, str, str]] = field(default_factory=list)  # day, person, where


def _live(session: Session, model: Any, family_id: str) -> list[Any]:
    return list(session.scalars(
        select(model).where(model.family_id == family_id, model.deleted.is_(False))))


def _texts(value: Any) -> Iterator[str]:
    """Every piece of free text in an answer (single words are option codes, not text)."""
    if isinstance(value, str):
        if " " in value.strip():
            yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def _ids(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _ids(v)
    elif isinstance(value, list):
        for v in value:
            yield from _ids(v)


def family_story(session: Session, family: Family, registry: FormRegistry) -> FamilyStory:
    fid = family.id
    people = _live(session, Person, fid)
    children = [Child(p.id, p.given_name, p.date_of_birth, p.expected_date, p.school_or_setting)
                for p in people if p.role in ("child", "unborn")]
    closures = [c for c in _live(session, Closure, fid) if c.reopened_on is None]
    story = FamilyStory(
        reference=family.reference, status=family.status, level=family.level_code,
        request=family.request_date, last_contact=family.last_contact, children=children,
        levels=sorted(_live(session, LevelChange, fid), key=lambda c: c.decided_on),
        closed_on=max((c.closed_on for c in closures), default=None),
        closures=[(c.reason, c.reason_detail) for c in closures],
    )
    if family.request_date:
        story.said.append(Said(family.request_date, "request for help", family.request_reason))
    for c in closures:
        story.dated.append(Dated(c.closed_on, "closure"))
        for text in (c.family_feedback, c.child_feedback, c.reason_detail):
            story.said.append(Said(c.closed_on, "closure", text))
    for c in story.levels:
        story.dated.append(Dated(c.decided_on, f"level change to {c.to_level}"))
        story.said.append(Said(c.decided_on, "level change", c.reason))
    for s in _live(session, StepChange, fid):
        story.dated.append(Dated(s.decided_on, f"{s.kind}"))
    for c in _live(session, Consent, fid):
        story.dated.append(Dated(c.given_on, "consent"))
    _assessments(session, story, fid, registry)
    _visits(session, story, fid)
    _meetings_and_plan(session, story, fid)
    for e in _live(session, ChronologyEntry, fid):
        story.dated.append(Dated(e.occurred_on, "significant event"))
        story.said += [Said(e.occurred_on, "significant event", e.event),
                       Said(e.occurred_on, "significant event", e.impact_on_child)]
        if e.child_person_id:
            story.named_on.append((e.occurred_on, e.child_person_id, "significant event"))
    for s in _live(session, Supervision, fid):
        story.dated.append(Dated(s.held_on, "supervision"))
        if s.next_due_on:
            story.dated.append(Dated(s.next_due_on, "next supervision", ahead=True))
        story.said += [Said(s.held_on, "supervision", t) for t in (s.discussion, s.decisions)]
    return story


def _assessments(session: Session, story: FamilyStory, fid: str, registry: FormRegistry) -> None:
    signed = {r.assessment_id: r.reviewed_at for r in session.scalars(select(AssessmentReview))}
    for a in _live(session, Assessment, fid):
        if a.completed_at is None:
            continue
        held = assessment_day(a, registry)
        done = uk_local(a.completed_at).date()
        story.dated += [Dated(held, f"{a.kind} held"), Dated(done, f"{a.kind} completed"),
                        Dated(uk_local(a.started_at).date(), f"{a.kind} started")]
        if a.id in signed:
            story.dated.append(Dated(uk_local(signed[a.id]).date(), f"{a.kind} signed off"))
            story.reviews.append((a.completed_at, signed[a.id]))
        story.said += [Said(held, a.kind, t) for t in _texts(a.answers)]
        child_ids = {c.id for c in story.children}
        if a.child_person_id:
            story.named_on.append((held, a.child_person_id, a.kind))
        for pid in set(_ids(a.answers)) & child_ids:
            story.named_on.append((held, pid, a.kind))
        if a.kind == "gcp2":
            story.gcp2.append(a)
        if a.kind == "ehat":
            story.ehat.append((held, a.answers))


def _visits(session: Session, story: FamilyStory, fid: str) -> None:
    for v in _live(session, Visit, fid):
        day = uk_local(v.occurred_at).date()
        story.dated.append(Dated(day, "planned visit" if v.planned else "visit", ahead=v.planned))
        if v.recorded_at is not None:
            story.dated.append(Dated(uk_local(v.recorded_at).date(), "visit recorded"))
        texts = [v.notes, v.child_words, *(v.follow_ups or [])]
        story.said += [Said(day, "visit", t) for t in texts]
        for seen in v.children_seen or []:
            story.named_on.append((day, str(seen.get("person_id")), "visit"))


def _meetings_and_plan(session: Session, story: FamilyStory, fid: str) -> None:
    story.meetings = sorted(_live(session, Meeting, fid), key=lambda m: m.held_on)
    for m in story.meetings:
        story.dated.append(Dated(m.held_on, m.kind))
        if m.next_review_on:
            story.dated.append(Dated(m.next_review_on, "next review", ahead=True))
        story.said += [Said(m.held_on, m.kind, t)
                       for t in (m.family_views, m.child_views, m.decisions)]
        for who in m.attendees or []:
            if who.get("person_id"):
                story.named_on.append((m.held_on, str(who["person_id"]), m.kind))
    for s in _live(session, PlanSnapshot, fid):
        story.dated.append(Dated(s.taken_on, "plan snapshot"))
    fams = [m.held_on for m in story.meetings if m.kind == "family_action_meeting"]
    # The plan speaks of the day it was agreed (the first Family Action Meeting).
    agreed = fams[0] if fams else (story.request or dates.today())
    for model in (PlanNeed, PlanOutcome, PlanAction):
        for row in _live(session, model, fid):
            story.plan_texts += 1
            story.said.append(Said(agreed, "plan", row.text))
            if isinstance(row, PlanAction):
                story.said.append(Said(agreed, "plan", row.progress_note))
                if row.due_on:
                    story.dated.append(Dated(row.due_on, "action due", ahead=True))
                if row.owner_kind == "person" and row.owner_id:
                    story.named_on.append((agreed, row.owner_id, "plan action owner"))
