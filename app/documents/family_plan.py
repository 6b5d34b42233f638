"""The family plan, written for the family: what is going well first, then
for each thing being worked on what the family wants to be different (in
their words) and who will do what by when, the next review date, who to
contact, and signatures. Plain words throughout; a large-print option.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.platypus import Paragraph
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_data import SAFETY_KIND
from app.casework.assessments import latest_assessment
from app.casework.plan_data import ActionData, NeedData, PlanData
from app.casework.plans import load_plan
from app.dates import uk
from app.documents.family_facts import (
    FamilyFacts,
    NothingToPrint,
    family_facts,
    find_family,
    stamps_of,
)
from app.documents.layout.document_info import (
    DocumentInfo,
    RecordStamp,
    RenderOptions,
    combined_stamp,
)
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.documents.layout.text import esc
from app.store.caseload_store import Profile
from db.models import PlanAction, PlanNeed, PlanOutcome

TITLE = "Family plan"

# What each status means, in the family's words.
STATUS_WORDS: dict[str, str] = {
    "not_started": "Not started yet",
    "on_track": "Going well",
    "achieved": "Done",
    "not_achieved": "Not done",
    "no_longer_needed": "No longer needed",
}
AREA_WORDS: dict[str, str] = {
    "health": "Health",
    "education": "School and learning",
    "housing": "Home",
    "income": "Money",
    "relationships": "Family and relationships",
    "safety": "Keeping safe",
    "wellbeing": "Feeling well",
}
# Where "what is going well" is read from: the latest EHAT's analysis, else the safety map.
STRENGTH_FIELDS: tuple[tuple[str, str], ...] = (
    ("ehat", "analysis_strengths"),
    (SAFETY_KIND, "strengths"),
    (SAFETY_KIND, "existing_safety"),
)


@dataclass(frozen=True)
class FamilyPlanData:
    family: FamilyFacts
    plan: PlanData
    strengths: tuple[str, ...]
    next_review: dt.date | None
    worker: str
    stamp: RecordStamp
    signatories: tuple[tuple[str, str], ...]  # (name, signing as)


def load(session: Session, actor: Profile, family_reference: str) -> FamilyPlanData:
    family_row = find_family(session, family_reference)
    family = family_facts(session, family_row)
    plan = load_plan(session, actor, family.id)
    if plan.is_empty:
        raise NothingToPrint(f"Family {family.reference} has no plan to print.")
    strengths: list[str] = []
    for kind, field_id in STRENGTH_FIELDS:
        detail = latest_assessment(session, actor, family.id, kind)
        value = detail.answers.get(field_id) if detail is not None else None
        if isinstance(value, str) and value.strip() and value.strip() not in strengths:
            strengths.append(value.strip())
        if strengths and kind == "ehat":
            break
    rows: list[Any] = []
    for model in (PlanNeed, PlanOutcome, PlanAction):
        rows.extend(
            session.scalars(
                select(model).where(model.family_id == family.id, model.deleted.is_(False))
            )
        )
    signatories = [(a.name, a.relationship or "Parent or carer") for a in family.adults
                   if a.role == "parent_carer"]
    if family.lead_professional:
        signatories.append((family.lead_professional, "Lead professional"))
    return FamilyPlanData(
        family=family,
        plan=plan,
        strengths=tuple(strengths),
        next_review=plan.next_review or family.next_review,
        worker=actor.name,
        stamp=combined_stamp(stamps_of(rows)),
        signatories=tuple(signatories),
    )


def _when(action: ActionData) -> str:
    return uk(action.due_on) if action.due_on else "Date to be agreed"


def _who(action: ActionData) -> str:
    return action.owner_name.strip() or "To be agreed"


def render(data: FamilyPlanData, options: RenderOptions | None = None) -> bytes:
    family = data.family
    info = DocumentInfo(
        title=TITLE,
        family_reference=family.reference,
        family_name=family.display_name,
        stamp=data.stamp,
        subject="Our family plan: what we want to be different and who will do what by when",
        author=data.worker,
    )
    return render_pdf(info, partial(_write, data), options)


def _write(data: FamilyPlanData, story: Story) -> None:
    family = data.family
    plan = data.plan
    story.title(
        f"The {family.display_name} plan", f"Our plan, as it stands on {uk(plan.as_of)}"
    )
    children = [c.described(plan.as_of) for c in family.children]
    story.facts(
        [
            ("Our children", "\n".join(children)),
            ("Next review", uk(data.next_review) if data.next_review else "To be agreed"),
            ("Who to contact", family.lead_text()),
        ]
    )
    story.callout(
        "This is your plan. It says what you want to be different, and who will "
        "do what to help, by when. We will look at it together at each review and "
        "change it when we need to."
    )
    if data.strengths:
        story.heading("What is going well")
        for text in data.strengths:
            story.para(text)
    for number, need in enumerate(plan.needs, start=1):
        with story.section():
            if number == 1:
                story.heading("What we are working on")
            _need(story, number, need)
    _closing(story, data)


def _need(story: Story, number: int, need: NeedData) -> None:
    s = story.s
    area = AREA_WORDS.get(need.domain, need.domain_label)
    story.subheading(f"{number}. {need.text}")
    if area:
        story.muted(f"Part of life: {area}")
    if not need.outcomes:
        story.muted("What we want to be different is still to be agreed.")
    for outcome in need.outcomes:
        story.markup(f"What we want: <i>\u201c{esc(outcome.text)}\u201d</i>", s.body)
        if not outcome.actions:
            story.muted("Who will do what is still to be agreed.")
            continue
        rows = [
            [
                story.cell(a.text),
                story.cell(_who(a), s.cell_bold),
                _when(a),
                _progress(story, a),
            ]
            for a in outcome.actions
        ]
        date = story.text_width("00/00/0000 ")
        story.table(
            ["What will happen", "Who", "By when", "How it is going"],
            rows,
            [3.4, 2.2, date, 2.8] if s.large_print else [4.2, 2.2, date, 2.4],
        )


def _closing(story: Story, data: FamilyPlanData) -> None:
    plan = data.plan
    family = data.family
    story.heading("Our next review")
    if data.next_review and data.next_review < plan.as_of:
        story.para(
            f"Our review was due by {uk(data.next_review)}. We will agree a new date with "
            "you soon, to see how the plan is going: what has worked, what has not, and "
            "what needs to change."
        )
    elif data.next_review:
        story.para(
            f"We will meet again on or before {uk(data.next_review)} to see how the plan "
            "is going: what has worked, what has not, and what needs to change."
        )
    else:
        story.para("We will agree the date of the next review together.")
    lead = family.lead_text()
    if lead:
        story.para(
            f"If anything changes before then, or you want to talk about the plan, "
            f"contact {lead}."
        )
    if data.signatories:
        story.heading("Agreeing the plan")
        story.signature_blocks(
            list(data.signatories),
            intro="By signing, we agree to this plan and to working on it together.",
        )


def _progress(story: Story, action: ActionData) -> list[Paragraph]:
    s = story.s
    out = [Paragraph(esc(STATUS_WORDS.get(action.status, action.status_label)), s.cell_bold)]
    if action.progress_note:
        out.append(Paragraph(esc(action.progress_note), s.cell))
    return out
