"""The demo's story text, read from ``stories.yaml`` beside this module: the stories (one
per kind of worry), the notes on a plan action's progress, the GCP2 and the team lead.

A text in a story is either plain text or :data:`Banded`: one text per age band of the
child the work centres on (app.demo.ages.BANDS); :func:`pick` chooses."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.demo.ages import BANDS

STORIES_FILE = Path(__file__).resolve().parent / "stories.yaml"

# Placeholders: see the head of stories.yaml.

# A text for each age band, or one for all (also a kind of visit, an owner, a yes or no).
Banded = Any


class BandedText(dict[str, Any]):
    """Texts keyed by age band (a mapping read from the file with only band keys)."""


def pick(value: Banded, band: str) -> Any:
    """The value for ``band``: the band's own, else the nearest band's (younger first)."""
    if not isinstance(value, BandedText):
        return value
    at = BANDS.index(band)
    for distance in range(len(BANDS)):
        for i in (at - distance, at + distance):
            if 0 <= i < len(BANDS) and BANDS[i] in value:
                return value[BANDS[i]]
    return ""


@dataclass(frozen=True)
class ActionStory:
    text: Banded
    owner: Banded  # carer, second_carer, child, worker, or an agency name
    due_days: int  # after the Family Action Meeting


@dataclass(frozen=True)
class NeedStory:
    domain: str
    need: Banded
    outcome: Banded  # in the family's words
    actions: tuple[ActionStory, ...]


@dataclass(frozen=True)
class VisitStory:
    notes: Banded
    kind: Banded = "home_visit"
    alone: Banded = False  # the child was seen alone
    child_words: Banded = ""
    follow_up: Banded = ""


@dataclass(frozen=True)
class EventStory:
    when: str  # before_request, plan, or "visit N"
    event: Banded
    source: Banded
    impact: Banded


@dataclass(frozen=True)
class ScoreStory:
    """One person's 0-10 safety score, now and at the first safety map."""

    name: str
    role: str
    score: int
    earlier: int
    why: Banded
    bands: tuple[str, ...] = BANDS  # the child's bands in which this person scores


@dataclass(frozen=True)
class SafetyStory:
    harm: Banded
    danger: Banded
    complicating_factors: Banded
    existing_safety: Banded
    strengths: Banded
    danger_goals: tuple[tuple[Banded, Banded], ...]
    safety_goals: Banded
    next_steps: Banded
    scores: tuple[ScoreStory, ...]


@dataclass(frozen=True)
class Story:
    key: str
    reasons: tuple[str, ...]  # words of the request reasons it fits
    ehat: Mapping[str, Banded]
    child_words: Banded
    voice_how: Banded
    carer_words: Banded
    carer_wants: Banded
    needs: tuple[NeedStory, ...]
    visits: tuple[VisitStory, ...]
    family_views: Banded
    child_views: Banded
    decisions: Banded
    review_family_views: Banded
    review_decisions: Banded
    family_feedback: Banded
    child_feedback: Banded
    events: tuple[EventStory, ...]
    openings: Mapping[str, Banded] = field(default_factory=dict)
    gcp2: bool = False
    safety: SafetyStory | None = None

    def opening(self, reason: str) -> Banded:
        """The EHAT's reason for the assessment, for this request reason."""
        for words, text in self.openings.items():
            if words.lower() in reason.lower():
                return text
        return self.ehat.get("reason_for_assessment") or next(iter(self.openings.values()), "")


@dataclass(frozen=True)
class Gcp2Story:
    """A Graded Care Profile 2 where neglect is the worry: the first grades and evidence,
    and for a second profile the evidence where things got better (one grade better)."""

    grades: Mapping[str, int]
    evidence: Mapping[str, Banded]
    better: Mapping[str, Banded]
    strengths_summary: Banded
    concerns_summary: Banded
    carer_view: Banded
    next_steps: Banded


@dataclass(frozen=True)
class StoryBook:
    team_lead: str
    progress_notes: Mapping[str, tuple[str, ...]]
    universal_ehat: Mapping[str, str]
    later_review: Mapping[str, Banded]
    gcp2: Gcp2Story
    stories: tuple[Story, ...]


def _read(value: Any) -> Any:
    """Lists as tuples all the way down (the stories are frozen); a mapping whose keys are
    all age bands (or bands joined by "/") as :class:`BandedText`, one key per band."""
    if isinstance(value, list):
        return tuple(_read(v) for v in value)
    if isinstance(value, dict):
        keys = [k.split("/") for k in value]
        if value and all(set(k) <= set(BANDS) for k in keys):
            return BandedText({band: _read(v) for k, v in zip(keys, value.values(), strict=True)
                               for band in k})
        return {k: _read(v) for k, v in value.items()}
    return value


def _story(data: Mapping[str, Any]) -> Story:
    fields = {k: _read(v) for k, v in data.items()}
    fields["needs"] = tuple(
        NeedStory(need["domain"], need["need"], need["outcome"],
                  tuple(ActionStory(**action) for action in need["actions"]))
        for need in fields["needs"]
    )
    fields["visits"] = tuple(VisitStory(**visit) for visit in fields["visits"])
    fields["events"] = tuple(EventStory(**event) for event in fields["events"])
    if fields.get("safety"):
        safety = dict(fields["safety"])
        safety["scores"] = tuple(ScoreStory(**score) for score in safety["scores"])
        fields["safety"] = SafetyStory(**safety)
    return Story(**fields)


@lru_cache(maxsize=1)
def story_book() -> StoryBook:
    """The stories file, read once per process."""
    data = yaml.safe_load(STORIES_FILE.read_text(encoding="utf-8"))
    return StoryBook(
        team_lead=str(data["team_lead"]),
        progress_notes=_read(data["progress_notes"]),
        universal_ehat=dict(data["universal_ehat"]),
        later_review=_read(data["later_review"]),
        gcp2=Gcp2Story(**_read(data["gcp2"])),
        stories=tuple(_story(item) for item in data["stories"]),
    )


def story_for(reason: str, rng: random.Random) -> Story:
    """The story that fits a request reason (any, chosen by ``rng``, when none does)."""
    stories = story_book().stories
    for story in stories:
        if any(key.lower() in reason.lower() for key in story.reasons):
            return story
    return rng.choice(stories)


def progress_note(status: str, rng: random.Random) -> str:
    """A note on a plan action's progress at ``status`` (chosen by ``rng``)."""
    return str(rng.choice(story_book().progress_notes.get(status, ("",))))
