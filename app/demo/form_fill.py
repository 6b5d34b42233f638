"""Answers for what a council's version of a form still requires once a demo story's own
answers are in: a plain, valid answer for each field type."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Mapping, Sequence
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_completion import review_assessment
from app.casework.assessment_data import ReviewRequest
from app.dates import today
from app.forms.answers import field_id_of, validate_answers
from app.forms.definition import Field, FormDefinition, Option, options_for
from app.forms.pictures import prepare_picture
from app.store.caseload_store import Profile
from db.models import Assessment, AssessmentReview, OutboxOp


def generic_answer(
    item: Field,
    people: Mapping[str, str],
    options: Mapping[str, Sequence[Option]],
    rng: random.Random,
    on: dt.date | None = None,
) -> Any:
    """A plain, valid answer (a date field: ``on``, the day of the assessment)."""
    kind = item.type
    if kind in ("text", "long_text"):
        return "Discussed with the family; nothing further to add."[: item.max_length or 200]
    if kind in ("choice", "multi_choice"):
        choices = options_for(item, options) or ()
        return choices[0].value if kind == "choice" else [choices[0].value]
    if kind == "date":
        return (on or today()).isoformat()
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
        return [{sub.id: generic_answer(sub, people, options, rng, on) for sub in item.fields}]
    if kind == "picture":  # a council form that needs one: a plain drawn square
        return demo_picture()
    raise ValueError(kind)


def demo_picture() -> dict[str, Any]:
    """A small synthetic picture answer (a square in crayon blue on white)."""
    image = Image.new("RGB", (320, 240), "white")
    ImageDraw.Draw(image).rectangle((80, 40, 240, 200), outline=(40, 80, 220), width=8)
    out = io.BytesIO()
    image.save(out, "PNG")
    return prepare_picture(out.getvalue()).answer()


def complete_answers(
    form: FormDefinition,
    answers: dict[str, Any],
    people: Mapping[str, str],
    options: Mapping[str, Sequence[Option]],
    rng: random.Random,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """Fill whatever a council's version of the form still requires (dates: ``on``)."""
    for _ in range(6):
        problems = validate_answers(form, answers, options=options, people=people)
        if not problems:
            break
        for path in problems:
            top = field_id_of(path)
            answers[top] = generic_answer(form.field(top), people, options, rng, on)
    return answers


def _backdate(session: Session, row: Assessment | AssessmentReview, entity: str,
              **values: dt.datetime) -> None:
    """Set ``values`` on a record of the demo's history, and on the operations it will send.
    Only for a demo store's made-up history, which nothing has sent yet: a real record is
    always stamped when it is made."""
    for name, value in values.items():
        setattr(row, name, value)
    for op in session.scalars(
        select(OutboxOp).where(OutboxOp.entity == entity, OutboxOp.entity_id == row.id)
    ):
        changed = {k: v.isoformat() for k, v in values.items() if k in (op.fields or {})}
        if changed:
            op.fields = {**op.fields, **changed}


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def backdate_completion(session: Session, assessment_id: str, day: dt.date) -> None:
    """Say an assessment of the demo's history was started and completed on ``day`` (noon
    UTC), not now."""
    row = session.get(Assessment, assessment_id)
    if row is not None:
        _backdate(session, row, "assessment", started_at=_noon(day) - dt.timedelta(hours=2),
                  completed_at=_noon(day))


def backdate_sign_off(session: Session, assessment_id: str, day: dt.date) -> None:
    """Say the team lead signed off an assessment of the demo's history on ``day``."""
    for row in session.scalars(
        select(AssessmentReview).where(AssessmentReview.assessment_id == assessment_id)
    ):
        _backdate(session, row, "assessment_review", reviewed_at=_noon(day) + dt.timedelta(hours=3))


def settle_history(session: Session, lead: Profile, made: list[tuple[str, str, dt.date]],
                   rng: random.Random, last: dt.date) -> None:
    """Date the assessments made for a demo family (``made``: id, kind, the day each was
    done), and have the team lead sign off most EHATs and everything more than six months
    old, as a lead keeping up would (what waits for sign-off in the demo is recent), a few
    days after each was done and never after ``last`` (the end of the family's early help,
    or today)."""
    for assessment_id, kind, day in made:
        backdate_completion(session, assessment_id, day)
        old = day < today() - dt.timedelta(weeks=26)
        if old or (kind == "ehat" and rng.random() < 0.75):
            review_assessment(session, lead, ReviewRequest(assessment_id, "signed_off"))
            signed = min(day + dt.timedelta(days=rng.randint(1, 10)), last, today())
            backdate_sign_off(session, assessment_id, max(signed, day))
    made.clear()
