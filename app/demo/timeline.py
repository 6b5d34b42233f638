"""When each part of a demo family's casework happens, so that it reads true beside the
family's request for help, its history of levels of need and its closure.

Consent comes once the request is in and the first level decided, the EHAT a week later;
the Family Action Meeting is held when the family is at an early help level (never at
the universal level, nor while children's social care holds the case), two weeks after
the EHAT or soon after the family moves up to early help; reviews follow every six weeks
while the family stays at early help. Nothing happens after the family's early help
ended: its closure (a closed family's last contact, the closing visit), or the step up of
a stepped-up family, or today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.reference.levels_of_need import LevelsOfNeed
from db.models import Family, LevelChange

DAY = dt.timedelta(days=1)
REVIEW_EVERY = dt.timedelta(weeks=6)
MAX_REVIEWS = 2


@dataclass(frozen=True)
class Timeline:
    start: dt.date  # the request for help
    end: dt.date  # the last day of early help: nothing in the casework comes after it
    closed_on: dt.date | None
    changes: tuple[tuple[dt.date, str], ...]  # (decided on, level), in order
    early_help: frozenset[str]  # the early help levels (not universal, not social care)
    consent_on: dt.date
    ehat_on: dt.date
    fam_on: dt.date | None
    reviews: tuple[dt.date, ...]

    def level_on(self, day: dt.date) -> str:
        """The level on ``day`` (the first level before any decision)."""
        level = self.changes[0][1] if self.changes else ""
        for decided, code in self.changes:
            if decided <= day:
                level = code
        return level

    def recommended_level(self) -> str:
        """What the EHAT recommends: the early help level the family is at, or moves to
        next; the level it is at otherwise."""
        now = self.level_on(self.ehat_on)
        after = [code for day, code in self.changes if day > self.ehat_on][:1]
        if now not in self.early_help and after and after[0] in self.early_help:
            return after[0]
        return now

    def work_window(self) -> tuple[dt.date, dt.date]:
        """When the worker's visits fall: the six weeks after the meeting (after the EHAT
        when there is none), none after the end."""
        first = self.fam_on or self.ehat_on
        return first, min(self.end, first + REVIEW_EVERY)


def timeline(session: Session, family: Family, levels: LevelsOfNeed,
             on: dt.date) -> Timeline | None:
    """The family's timeline, or None when its story is too short to tell yet."""
    if family.request_date is None:
        return None
    start = family.request_date
    changes = tuple((day, code) for day, code in session.execute(
        select(LevelChange.decided_on, LevelChange.to_level)
        .where(LevelChange.family_id == family.id, LevelChange.deleted.is_(False))
        .order_by(LevelChange.decided_on)
    ))
    closed_on = _closed_on(family, changes, on) if family.status == "closed" else None
    end = closed_on or (changes[-1][0] if family.status == "stepped_up" and changes else on)
    end = min(end, on - DAY)
    span = (end - start).days
    # The first decision, when the request came in (a step-down's is its step down).
    triage = max((d for d, _ in changes if d <= start + dt.timedelta(days=14)), default=start)
    consent_on = max(triage, start + dt.timedelta(days=min(7, span // 6)))
    ehat_on = consent_on + dt.timedelta(days=max(1, min(7, span // 6)))
    if span < 14 or ehat_on >= end:
        return None
    community = [lv.code for lv in levels.levels if not lv.social_care]
    early_help = frozenset(community[1:])  # the lowest is universal help
    t = Timeline(start, end, closed_on, changes, early_help, consent_on, ehat_on, None, ())
    fam_on = _meeting_day(t, ehat_on + dt.timedelta(days=min(14, max(3, span // 5))))
    reviews: list[dt.date] = []
    day = fam_on + REVIEW_EVERY if fam_on else end
    while day < end and t.level_on(day) in early_help and len(reviews) < MAX_REVIEWS:
        reviews.append(day)
        day += REVIEW_EVERY
    return Timeline(start, end, closed_on, changes, early_help, consent_on, ehat_on, fam_on,
                    tuple(reviews))


def _closed_on(family: Family, changes: tuple[tuple[dt.date, str], ...], on: dt.date) -> dt.date:
    """A closed family's closure: its last contact, the closing visit (else a little after
    its last change of level)."""
    assert family.request_date is not None
    if family.last_contact and family.last_contact > family.request_date:
        return family.last_contact
    latest = changes[-1][0] if changes else family.request_date
    return min(on - DAY, max(family.request_date + dt.timedelta(days=90), latest + 7 * DAY))


def _meeting_day(t: Timeline, earliest: dt.date) -> dt.date | None:
    """The Family Action Meeting: the first good day from ``earliest`` (or a few days after
    the family moves up to early help) when the family is at an early help level."""
    moves = [d + 3 * DAY for d, code in t.changes
             if code in t.early_help and d + 3 * DAY > earliest]
    for day in sorted([earliest, *moves]):
        if day > t.end - 2 * DAY:
            return None
        if t.level_on(day) in t.early_help:
            return day
    return None
