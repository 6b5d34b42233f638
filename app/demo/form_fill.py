"""Answers for what a council's version of a form still requires once a demo story's own
answers are in: a plain, valid answer for each field type."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_completion import review_assessment
from app.casework.assessment_data import ReviewRequest
from app.dates import today
from app.forms.answers import field_id_of, validate_answers
from app.forms.definition import Field, FormDefinition, Option, options_for
from app.store.caseload_store import Profile
from db.models import Assessment, AssessmentReview, OutboxOp


def generic_answer(
    item: Field,
    people: Mapping[str, str],
    options: Mapping[str, Sequence[Option]],
    rng: random.Random,
) -> Any:
    kind = item.type
    if kind in ("text", "long_text"):
        return "Discussed with the family; nothing further to add."[: item.max_length or 200]
    if kind in ("choice", "multi_choice"):
        choices = options_for(item, options) or ()
        return choices[0].value if kind == "choice" else [choices[0].value]
    if kind == "date":
        return today().isoformat()
    if kind == "number":
        return int(item.minimum) if item.minimum is not None else 1
    if kind == "yes_no":
        return True
    if kind == "person":
        chosen = [pid for pid, role in people.items() if role in item.person_roles]
        if not chosen:
            return [] if item.multiple else None
        return chosen if item.multiple else chosen[0]
    if kind == "grade":
        return rng.choice((2, 3))
    if kind == "scale":
        return 5
    if kind == "repeat":
        return [{sub.id: generic_answer(sub, people, options, rng) for sub in item.fields}]
    raise ValueError(kind)


def complete_answers(
    form: FormDefinition,
    answers: dict[str, Any],
    people: Mapping[str, str],
    options: Mapping[str, Sequence[Option]],
    rng: random.Random,
) -> dict[str, Any]:
    """Fill whatever a council's version of the form still requires."""
    for _ in range(6):
        problems = validate_answers(form, answers, options=options, people=people)
        if not problems:
            break
        for path in problems:
            top = field_id_of(path)
            answers[top] = generic_answer(form.field(top), people, options, rng)
    return answers


def backdate_completion(session: Session, assessment_id: str, day: dt.date) -> None:
    """Say an assessment of the demo's history was completed on ``day`` (noon UTC), not
    now, with the operation it will send saying so too. Only for a demo store's made-up
    history, which nothing has sent yet: a real completion is always stamped when made."""
    at = dt.datetime.combine(day, dt.time(12), dt.UTC)
    row = session.get(Assessment, assessment_id)
    if row is None:
        return
    row.completed_at = at
    for op in session.scalars(
        select(OutboxOp).where(OutboxOp.entity == "assessment", OutboxOp.entity_id == row.id)
    ):
        if "completed_at" in (op.fields or {}):
            op.fields = {**op.fields, "completed_at": at.isoformat()}


def settle_history(
    session: Session, lead: Profile, made: list[str], first_day: dt.date
) -> None:
    """Date the assessments made for a demo family (three days apart from ``first_day``)
    and have the team lead sign off those more than six months old, as a lead keeping up
    would: what waits for sign-off in the demo is recent."""
    reviewed = set(session.scalars(select(AssessmentReview.assessment_id)))
    for number, assessment_id in enumerate(made):
        day = first_day + dt.timedelta(days=3 * number)
        backdate_completion(session, assessment_id, day)
        if assessment_id not in reviewed and day < today() - dt.timedelta(weeks=26):
            review_assessment(session, lead, ReviewRequest(assessment_id, "signed_off"))
    made.clear()
