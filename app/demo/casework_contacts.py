"""A demo family's visits, significant events and the team lead's oversight, each on a day
that fits the family's timeline and in words that fit the child's age on that day."""

from __future__ import annotations

import datetime as dt

from app.casework.chronology import save_chronology_entry
from app.casework.chronology_data import ChronologyEntryRequest
from app.casework.supervision import OversightAction, SupervisionRequest, record_supervision
from app.casework.visit_data import ChildSeen, VisitRequest, uk_to_utc
from app.casework.visit_writes import save_visit
from app.demo.casework_context import Casework
from app.demo.family_words import Household, Words
from app.demo.stories import EventStory, Story, story_book
from app.demo.timeline import Timeline

DAY = dt.timedelta(days=1)


def record_visits(work: Casework, h: Household, story: Story, words: Words,
                  t: Timeline) -> list[dt.date]:
    """The story's visits, spread over the weeks after the meeting (recorded on the day
    each happened); returns their days."""
    assert h.carer is not None
    first, last = t.work_window()
    last = min(last, work.on - DAY)  # a visit is recorded once it has happened
    days = (last - first).days
    if days < 1:
        return []
    count = min(len(story.visits), max(1, days // 10))
    made: list[dt.date] = []
    for i, visit in enumerate(story.visits[:count]):
        day = first + dt.timedelta(days=int(days * (i + 1) / (count + 1)))
        w = words.on(day)
        kind = str(w.pick(visit.kind))
        seen_child = kind != "phone"
        alone = bool(w.pick(visit.alone))
        at = uk_to_utc(day, work.rng.choice((10, 11, 14, 15, 16)), work.rng.choice((0, 15, 30)))
        save_visit(work.session, work.actor, VisitRequest(
            family_id=h.family.id,
            occurred_at=at,
            kind=kind,
            seen=(h.carer.id,) if kind != "school" else (),
            children_seen=tuple(
                ChildSeen(c.id, seen=seen_child and (c is words.child or kind == "home_visit"),
                          seen_alone=alone and c is words.child)
                for c in h.born_by(day)
            ),
            child_words=w(visit.child_words).strip('"') if seen_child else "",
            notes=w(visit.notes),
            follow_ups=(w(visit.follow_up),) if w(visit.follow_up) else (),
        ), now=at + dt.timedelta(hours=2))
        made.append(day)
    return made


def _event_day(work: Casework, when: str, t: Timeline, visits: list[dt.date],
               born: dt.date) -> dt.date | None:
    """before_request: the days before the request (what led to it); "visit N": about the
    day of the Nth visit; plan: between the meeting and the first review."""
    rng = work.rng
    start = t.fam_on or t.ehat_on
    if when == "before_request":  # (never before the child it is about was born)
        return max(t.start - rng.randint(1, 10) * DAY, min(born, t.start))
    if when.startswith("visit "):
        number = int(when.split()[1])
        if number > len(visits):
            return None
        return max(start, visits[number - 1] - rng.randint(0, 3) * DAY)
    if t.fam_on is None:
        return None
    _, until = t.work_window()
    day = t.fam_on + rng.randint(1, max(1, (until - t.fam_on).days)) * DAY
    return day if day < min(t.end, work.on) else None


def record_events(work: Casework, h: Household, events: tuple[EventStory, ...], words: Words,
                  t: Timeline, visits: list[dt.date]) -> None:
    for event in events:
        assert words.child is not None and words.child.date_of_birth is not None
        day = _event_day(work, event.when, t, visits, words.child.date_of_birth)
        if day is None:
            continue
        w = words.on(day)
        child = words.child if words.child in h.born_by(day) else None
        save_chronology_entry(work.session, work.actor, ChronologyEntryRequest(
            family_id=h.family.id, occurred_on=day, event=w(event.event),
            source=str(w.pick(event.source)), impact_on_child=w(event.impact),
            significant=True, child_person_id=child.id if child else None,
        ))


def record_oversight(work: Casework, h: Household, story: Story, words: Words,
                     t: Timeline) -> None:
    """Most times, the team lead's oversight of the case, some weeks into the work."""
    if work.rng.random() >= 0.6:
        return
    held = (t.fam_on or t.ehat_on) + work.rng.randint(7, 28) * DAY
    if held >= min(t.end, work.on):
        return
    w = words.on(held)
    discussed = w(story.decisions) if t.fam_on else story_book().universal_ehat["next_steps"]
    record_supervision(work.session, work.lead, SupervisionRequest(
        h.family.id, held, discussed,
        "Keep working to the plan; check progress at the review." if t.fam_on
        else "Keep the short-term help going; look again if needs grow.",
        (OversightAction("Chase the outstanding actions", work.actor.name, held + 14 * DAY),),
        held + dt.timedelta(weeks=8),
    ))
