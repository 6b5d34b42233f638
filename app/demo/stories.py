"""The demo's story text, read from ``stories.yaml`` beside this module: the stories (one
per kind of worry), the notes on a plan action's progress, the GCP2 and the team lead."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

STORIES_FILE = Path(__file__).resolve().parent / "stories.yaml"

# Placeholders: {mum} {dad} {carer} (the main carer's first name), {child}
# (the child the work centres on), {children}, {school}, {worker}.


@dataclass(frozen=True)
class ActionStory:
    text: str
    owner: str  # carer, second_carer, child, worker, or an agency name
    due_days: int  # after the Family Action Meeting
    note: str = ""


@dataclass(frozen=True)
class NeedStory:
    domain: str
    need: str
    outcome: str  # in the family's words
    actions: tuple[ActionStory, ...]


@dataclass(frozen=True)
class Story:
    key: str
    reasons: tuple[str, ...]  # request reasons (app.demo.word_lists.REASONS) it fits
    ehat: Mapping[str, str]
    child_words: str
    carer_words: str
    carer_wants: str
    needs: tuple[NeedStory, ...]
    visit_notes: tuple[str, ...]
    visit_child_words: tuple[str, ...]
    follow_ups: tuple[str, ...]
    family_views: str
    child_views: str
    decisions: str
    review_family_views: str
    review_decisions: str
    family_feedback: str
    child_feedback: str
    events: tuple[tuple[str, str, str], ...]  # (event, source, impact on the child)
    gcp2: bool = False
    safety: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Gcp2Story:
    """A Graded Care Profile 2 where neglect is the worry: the first grades and evidence,
    and for a second profile the evidence where things got better (one grade better)."""

    grades: Mapping[str, int]
    evidence: Mapping[str, str]
    better: Mapping[str, str]
    strengths_summary: str
    concerns_summary: str
    carer_view: str
    next_steps: str


@dataclass(frozen=True)
class StoryBook:
    team_lead: str
    progress_notes: Mapping[str, tuple[str, ...]]
    gcp2: Gcp2Story
    stories: tuple[Story, ...]


def _tuples(value: Any) -> Any:
    """Lists read from YAML as tuples, all the way down (the stories are frozen)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def _story(data: Mapping[str, Any]) -> Story:
    fields = {k: _tuples(v) for k, v in data.items()}
    fields["ehat"] = dict(data["ehat"])
    fields["needs"] = tuple(
        NeedStory(
            domain=need["domain"],
            need=need["need"],
            outcome=need["outcome"],
            actions=tuple(ActionStory(**action) for action in need["actions"]),
        )
        for need in data["needs"]
    )
    return Story(**fields)


@lru_cache(maxsize=1)
def story_book() -> StoryBook:
    """The stories file, read once per process."""
    data = yaml.safe_load(STORIES_FILE.read_text(encoding="utf-8"))
    return StoryBook(
        team_lead=str(data["team_lead"]),
        progress_notes=_tuples(data["progress_notes"]),
        gcp2=Gcp2Story(**data["gcp2"]),
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
    return rng.choice(story_book().progress_notes.get(status, ("",)))
