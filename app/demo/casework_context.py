"""What writing one demo family's casework needs at hand: the session, who writes (the
worker, the worker as a GCP2-trained practitioner, the team lead), the forms, the levels,
the random draws, and the assessments made so far for the family in hand."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_completion import complete_assessment
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment
from app.casework.assessment_drafts import save_draft, start_assessment
from app.casework.plans import worker_as_owner
from app.dates import today
from app.demo.family_words import Household
from app.demo.form_fill import complete_answers
from app.demo.stories import story_book
from app.forms.definition import Option
from app.forms.loader import FormRegistry
from app.reference.form_options import reference_options
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile
from db.models import Person


@dataclass
class Casework:
    session: Session
    actor: Profile
    registry: FormRegistry
    levels: LevelsOfNeed
    rng: random.Random
    on: dt.date = field(default_factory=today)
    # Assessments completed for the family in hand: (id, kind, the day it was done).
    made: list[tuple[str, str, dt.date]] = field(default_factory=list)
    options: Mapping[str, Sequence[Option]] = field(init=False)

    def __post_init__(self) -> None:
        self.options = reference_options([(lv.code, lv.label) for lv in self.levels.levels])

    @property
    def trained(self) -> Profile:
        return replace(self.actor, gcp2_trained=True)

    @property
    def lead(self) -> Profile:
        return Profile(story_book().team_lead, "team_lead", self.actor.team, "morgan.ellis",
                       gcp2_trained=True)

    def people(self, h: Household) -> dict[str, str]:
        return {p.id: p.role for p in self.session.scalars(
            select(Person).where(Person.family_id == h.family.id, Person.deleted.is_(False)))}

    def assess(self, actor: Profile, h: Household, form_id: str, answers: dict[str, Any],
               day: dt.date, child: Person | None = None) -> str:
        """Start, fill and complete an assessment (dated ``day`` once settled)."""
        form = self.registry.latest(form_id)
        draft = start_assessment(self.session, actor, NewAssessment(
            h.family.id, form, child.id if child is not None else None), self.registry)
        answers = complete_answers(form, answers, self.people(h), self.options, self.rng, day)
        save_draft(self.session, actor, DraftSave(draft.id, answers, form.pages[-1].id))
        complete_assessment(self.session, actor, CompleteAssessment(draft.id, options=self.options),
                            self.registry)
        self.made.append((draft.id, form_id, day))
        return draft.id

    def owner(self, h: Household, owner: str, child: Person | None) -> dict[str, Any]:
        """A plan action's owner: a person in the family, the worker, or an agency."""
        if owner == "carer" and h.carer is not None:
            return {"owner_kind": "person", "owner_id": h.carer.id}
        if owner == "second_carer":
            who = h.second_carer or h.carer
            if who is not None:
                return {"owner_kind": "person", "owner_id": who.id}
        if owner == "child" and child is not None:
            return {"owner_kind": "person", "owner_id": child.id}
        if owner == "worker":
            return {"owner_kind": "agency", "owner_name": worker_as_owner(self.actor)}
        for agency in h.agencies:
            if agency.agency == owner:
                return {"owner_kind": "agency", "owner_id": agency.id}
        return {"owner_kind": "agency", "owner_name": owner}
