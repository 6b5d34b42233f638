"""The checks a council's first look at the demo would make: does each family's story fit
the children's ages, the family's level of need and its dates?

:func:`story_faults` reads every family in a store (tests/app/demo/story_facts.py) and
returns what does not fit, as :class:`Fault` rows:

- words about school in a sentence about a child under 4 on that day (or, in a sentence
  naming no child, when no child in the family was 4 yet);
- words about a baby or an infant's health checks when no child in the family was under
  2 or on the way on that day;
- wetting the bed said of a child under 3 (or, naming no child, when none was 3 yet);
- toddler words (nappies, potty, pushchair, toddler) said of a child of 5 or more, or
  in a family with no child under 5; teenage words in a family with no child of 12 or
  more; a school or setting whose name does not fit the child's age;
- anything dated after the family's closure, or before its request for help (a
  significant event may come up to 14 days before it: what led to the request; a level
  of children's social care may come before a step-down's request), or in the future
  (planned visits, next reviews and due dates may);
- a family marked closed with no closure record (a reason, a day and a summary), as
  closing a case in the app makes it;
- a child in a record, or named in its text, dated before they were born;
- a Family Action Meeting or review held while the family was at the universal level or
  at a level of children's social care, or a plan with no Family Action Meeting;
- level changes out of date order, from a level the family was not at, or not ending at
  the family's level;
- a GCP2 whose previous GCP2 (for the same child) is not on an earlier day, a review
  before the Family Action Meeting that made the plan, an EHAT after the meeting it
  called for, an assessment signed off before it was completed;
- an EHAT recommending a level the family was not at or moving to, or asking for a
  Family Action Meeting at the universal level; the first level of need decided after
  the EHAT (it is decided when the request comes in).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import dates
from app.forms.loader import FormRegistry
from app.reference.levels_of_need import LevelsOfNeed
from db.models import Family
from tests.app.demo.story_facts import Child, FamilyStory, family_story

SCHOOL_WORDS = re.compile(
    r"(?<!pre-)(?<!pre)(?<!nursery )\bschool|\bclassroom|\bin class\b|\bteachers?\b|homework"
    r"|reading book|breakfast club|\battendance\b|late marks|\b(this|last|next|half) term\b"
    r"|nurture room|\bpupils?\b|\bYear \d|\blessons?\b|\bplaytime|uniform",
    re.IGNORECASE,
)
BABY_WORDS = re.compile(
    r"\bbab(y|ies|y's)\b|\binfants?\b(?! school)|\bnew-?born|health visitor checks"
    r"|6-8 week|weigh-in",
    re.IGNORECASE,
)
BED_WETTING = re.compile(r"wet(ting|s)? the bed|bed-?wetting|wet beds?\b", re.IGNORECASE)
TODDLER_WORDS = re.compile(r"\bnapp(y|ies)\b|\bpott(y|ies)\b|pushchair|\bbuggy\b|\btoddler",
                           re.IGNORECASE)
TEEN_WORDS = re.compile(r"\bteen(ager)?s?\b|\bteenage", re.IGNORECASE)
# The ages (whole years, today) a school or setting takes, by a word in its name.
SETTING_AGES = (("Infant", 4, 7), ("Junior", 7, 11), ("Primary", 4, 11), ("High", 11, 16),
                ("Secondary", 11, 16), ("College", 16, 17), ("Sixth Form", 16, 17),
                ("Nursery", 0, 4), ("Pre-school", 2, 4), ("Children's Centre", 0, 4))
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”']?\s+")
EARLY_HELP_MEETINGS = ("family_action_meeting", "review")


@dataclass(frozen=True)
class Fault:
    reference: str
    rule: str
    day: dt.date | None
    detail: str

    def __str__(self) -> str:
        return f"{self.reference} {self.day or ''} {self.rule}: {self.detail}"


def family_stories(session: Session, registry: FormRegistry) -> list[FamilyStory]:
    """What every family's records say."""
    return [family_story(session, family, registry)
            for family in session.scalars(select(Family).where(Family.deleted.is_(False))
                                          .order_by(Family.reference))]


def story_faults(session: Session, levels: LevelsOfNeed, registry: FormRegistry,
                 on: dt.date | None = None) -> list[Fault]:
    """Every fault in every family of the store (checked as of ``on``, default today)."""
    return faults_in(family_stories(session, registry), levels, on)


def faults_in(stories: list[FamilyStory], levels: LevelsOfNeed,
              on: dt.date | None = None) -> list[Fault]:
    on = on or dates.today()
    faults: list[Fault] = []
    for story in stories:
        for check in (_words, _dates, _levels, _meetings, _order):
            faults += check(story, levels, on)
    return faults


# ---------------------------------------------------------------- words for the ages


def _named(story: FamilyStory, sentence: str) -> list[Child]:
    return [c for c in story.children
            if c.name and re.search(rf"\b{re.escape(c.name)}\b", sentence)]


def _words(story: FamilyStory, levels: LevelsOfNeed, on: dt.date) -> Iterator[Fault]:
    for child in story.children:
        age = child.age_on(on)
        for word, youngest, oldest in SETTING_AGES:
            if word.lower() in child.setting.lower() and not youngest <= (age or 0) <= oldest:
                yield Fault(story.reference, "a school or setting that does not fit the age",
                            on, f"{child.name} {age} at {child.setting}")
    for said in story.said:
        for sentence in SENTENCE_END.split(said.text.strip()):
            yield from _sentence(story, said.day, said.where, sentence)


def _sentence(story: FamilyStory, day: dt.date, where: str, sentence: str) -> Iterator[Fault]:
    named = _named(story, sentence)
    about = named or [c for c in story.children if c.is_born_by(day)]

    def fault(rule: str) -> Fault:
        ages = ", ".join(f"{c.name} {c.age_on(day)}" for c in about)
        return Fault(story.reference, rule, day, f"{where}: {sentence!r} (ages then: {ages})")

    def too_young(years: int) -> bool:
        # Named children: any too young is a fault; otherwise all must be.
        young = [c for c in about if (c.age_on(day) or 0) < years]
        return bool(young) and (bool(named) or len(young) == len(about))

    for child in named:
        if not child.is_born_by(day):
            yield fault("a child before they were born")
    if SCHOOL_WORDS.search(sentence) and too_young(4):
        yield fault("school words for a child under 4")
    if BED_WETTING.search(sentence) and too_young(3):
        yield fault("bed-wetting for a child under 3")
    if TODDLER_WORDS.search(sentence) and any((c.age_on(day) or 0) >= 5 for c in named):
        yield fault("toddler words for a child of 5 or more")
    if TODDLER_WORDS.search(sentence) and not named and not any(
            c.is_born_by(day) and (c.age_on(day) or 0) < 5 for c in about):
        yield fault("toddler words with no child under 5")
    if TEEN_WORDS.search(sentence) and not any((c.age_on(day) or 0) >= 12 for c in about):
        yield fault("teenage words with no child of 12 or more")
    if BABY_WORDS.search(sentence) and not any(
        (c.is_born_by(day) and (c.age_on(day) or 0) < 2) or c.expected_on(day)
        for c in story.children
    ):
        yield fault("baby words with no child under 2 or on the way")


# ---------------------------------------------------------------- dates


def _dates(story: FamilyStory, levels: LevelsOfNeed, on: dt.date) -> Iterator[Fault]:
    ref = story.reference
    step_down_start = [c.decided_on for c in story.levels[:1]
                       if (lv := levels.get(c.to_level)) is not None and lv.social_care]
    for d in story.dated:
        if story.closed_on and not d.ahead and d.day > story.closed_on:
            yield Fault(ref, "after the closure", d.day, f"{d.what} (closed {story.closed_on})")
        if d.day > on and not d.ahead:
            yield Fault(ref, "in the future", d.day, d.what)
        if story.request and d.day < story.request:
            early = story.request - d.day
            if d.what == "significant event" and early <= dt.timedelta(days=14):
                continue
            if d.what.startswith("level change") and d.day in step_down_start:
                continue
            yield Fault(ref, "before the request for help", d.day,
                        f"{d.what} (request {story.request})")
    if story.status == "closed" and (not story.closures or not all(
            reason and summary.strip() for reason, summary in story.closures)):
        yield Fault(ref, "closed with no closure record", story.last_contact,
                    f"{len(story.closures)} closure(s), each needs a reason and a summary")
    if story.closed_on and story.last_contact and story.last_contact > story.closed_on:
        yield Fault(ref, "after the closure", story.last_contact, "last contact")
    born = {c.id: c for c in story.children}
    for day, pid, where in story.named_on:
        child = born.get(pid)
        if child is not None and not child.is_born_by(day):
            yield Fault(ref, "a child before they were born", day, f"{child.name} in {where}")


# ---------------------------------------------------------------- levels of need


def level_on(story: FamilyStory, day: dt.date) -> str:
    """The family's level on ``day`` (its first level before any decision)."""
    level = story.levels[0].to_level if story.levels else story.level
    for change in story.levels:
        if change.decided_on <= day:
            level = change.to_level
    return level


def _early_help(levels: LevelsOfNeed, code: str) -> bool:
    level = levels.get(code)
    universal = levels.levels[0].code
    return level is not None and not level.social_care and code != universal


def _levels(story: FamilyStory, levels: LevelsOfNeed, on: dt.date) -> Iterator[Fault]:
    ref = story.reference
    for before, after in pairwise(story.levels):
        if after.decided_on <= before.decided_on:
            yield Fault(ref, "level changes out of order", after.decided_on,
                        f"{before.to_level} then {after.to_level} on or before")
        if after.from_level != before.to_level:
            yield Fault(ref, "a change from a level the family was not at", after.decided_on,
                        f"from {after.from_level} while at {before.to_level}")
        if after.direction != levels.direction(before.to_level, after.to_level):
            yield Fault(ref, "a change in the wrong direction", after.decided_on,
                        f"{after.direction} from {before.to_level} to {after.to_level}")
    if story.levels and story.levels[-1].to_level != story.level:
        yield Fault(ref, "history not ending at the family's level", None, story.level)
    for held, answers in story.ehat:
        recommended = answers.get("recommended_level")
        later = [c.to_level for c in story.levels if held < c.decided_on][:1]
        if recommended and recommended not in {level_on(story, held), *later}:
            yield Fault(ref, "an EHAT recommending a level the family was not at", held,
                        f"{recommended} at {level_on(story, held)}")
        if answers.get("fam_needed") and not _early_help(levels, level_on(story, held)) \
                and not any(_early_help(levels, code) for code in later):
            yield Fault(ref, "an EHAT asking for a meeting at universal", held, str(recommended))


def _meetings(story: FamilyStory, levels: LevelsOfNeed, on: dt.date) -> Iterator[Fault]:
    ref = story.reference
    fams = [m for m in story.meetings if m.kind == "family_action_meeting"]
    for m in story.meetings:
        if m.kind in EARLY_HELP_MEETINGS and not _early_help(levels, level_on(story, m.held_on)):
            yield Fault(ref, "a Family Action Meeting or review at universal or social care",
                        m.held_on, f"{m.kind} at {level_on(story, m.held_on)}")
        if m.kind == "review" and not any(f.held_on < m.held_on for f in fams):
            yield Fault(ref, "a review before the plan it reviews", m.held_on, m.kind)
    if story.plan_texts and not fams:
        yield Fault(ref, "a plan with no Family Action Meeting", None, f"level {story.level}")
    for held, _answers in story.ehat[:1]:
        if fams and fams[0].held_on < held:
            yield Fault(ref, "a meeting before the EHAT", fams[0].held_on, str(held))
        if story.levels and story.levels[0].decided_on > held:
            yield Fault(ref, "the first level of need decided after the EHAT",
                        story.levels[0].decided_on, f"EHAT {held}")


def _order(story: FamilyStory, levels: LevelsOfNeed, on: dt.date) -> Iterator[Fault]:
    ref = story.reference
    by_child: dict[str | None, list[dt.datetime]] = {}
    for a in story.gcp2:
        assert a.completed_at is not None
        by_child.setdefault(a.child_person_id, []).append(a.completed_at)
    for done in by_child.values():
        for previous, now in pairwise(sorted(done)):
            if previous.date() >= now.date():
                yield Fault(ref, "a GCP2 compared with one of the same day", now.date(),
                            f"previous {previous.date()}, now {now.date()}")
    for done, signed in story.reviews:
        if signed < done:
            yield Fault(ref, "signed off before completion", signed.date(), str(done.date()))
