"""The family plan, written to the family (:mod:`app.documents.family_plan_words` holds
its words): what is going well always first (written in the plan itself, and from the
latest EHAT or safety map), then for each thing being worked on what needs to change,
what the family wants to be different (in their words) and who will do what by when
(:mod:`app.documents.family_plan_needs`), the next review, who to contact, and
signatures, each signature block kept with its heading and none alone on a page. A
closed family's plan reads as finished: when and why it ended, each action as it stood,
no review and nothing to sign. Plain words throughout; a large-print option.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from reportlab.platypus import CondPageBreak
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_data import SAFETY_KIND, AssessmentDetail
from app.casework.assessment_errors import FormNotLoaded
from app.casework.assessments import form_for, latest_assessment
from app.casework.closure import latest_closure
from app.casework.plan_data import PlanData
from app.casework.plans import load_plan
from app.casework.visit_data import uk_local
from app.dates import uk
from app.documents.family_facts import (
    FamilyFacts,
    NothingToPrint,
    family_facts,
    find_family,
    form_registry,
    stamps_of,
)
from app.documents.family_plan_needs import LONG_TEXT, label, write_needs
from app.documents.family_plan_words import (
    AREA_WORDS,
    HELP_AGAIN,
    INTRO,
    NO_STRENGTHS,
    OWN_STRENGTHS,
    SIGNING,
    STATUS_WORDS,
    SUBJECT,
    contact_words,
    ended_intro,
    for_family,
    review_words,
)
from app.documents.layout.document_info import (
    DocumentInfo,
    RecordStamp,
    RenderOptions,
    combined_stamp,
)
from app.documents.layout.paragraphs import Para
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.documents.layout.text import esc
from app.forms.loader import FormRegistry
from app.store.caseload_store import Profile
from db.models import Closure, PlanAction, PlanNeed, PlanOutcome, PlanStrength

__all__ = ["AREA_WORDS", "STATUS_WORDS", "FamilyPlanData", "load", "render"]

TITLE = "Family plan"
ENDED_TITLE = "Family plan (ended)"

# Where else "what is going well" is read from: the latest EHAT, else the safety map,
# each in the fields its form's outcome names (``strengths_fields``);
# (kind, what the family knows it as).
ASSESSMENT_STRENGTHS: tuple[tuple[str, str], ...] = (
    ("ehat", "your early help assessment (EHAT)"),
    (SAFETY_KIND, "your safety map"),
)


@dataclass(frozen=True)
class StrengthSource:
    """What is going well from one place, under the label it prints with."""

    label: str
    texts: tuple[str, ...]
    own: bool = False  # written in the plan itself (one thing per text)


@dataclass(frozen=True)
class PlanEnding:
    """A closed family's plan: when and why it ended, and how far each outcome got."""

    closed_on: dt.date | None
    reason: str
    reason_detail: str
    achieved: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # id -> (yes, note)


@dataclass(frozen=True)
class FamilyPlanData:
    family: FamilyFacts
    plan: PlanData
    strengths: tuple[StrengthSource, ...]
    next_review: dt.date | None
    worker: str
    stamp: RecordStamp
    signatories: tuple[tuple[str, str], ...]  # (name, signing as)
    ending: PlanEnding | None = None  # set when the family is closed


def load(
    session: Session,
    actor: Profile,
    family_reference: str,
    registry: FormRegistry | None = None,
) -> FamilyPlanData:
    family_row = find_family(session, family_reference)
    family = family_facts(session, family_row)
    ending = _ending(session, actor, family) if family.status == "closed" else None
    as_of = ending.closed_on if ending and ending.closed_on else None
    plan = load_plan(session, actor, family.id, as_of)
    if plan.is_empty:
        raise NothingToPrint(f"Family {family.reference} has no plan to print.")
    rows: list[Any] = []
    for model in (PlanStrength, PlanNeed, PlanOutcome, PlanAction):
        rows.extend(
            session.scalars(
                select(model).where(model.family_id == family.id, model.deleted.is_(False))
            )
        )
    signatories: list[tuple[str, str]] = []
    if ending is None:
        signatories = [(a.name, a.relationship or "Parent or carer") for a in family.adults
                       if a.role == "parent_carer"]
        if family.lead_professional:
            signatories.append((family.lead_professional, "Lead professional"))
    else:
        rows.extend(session.scalars(select(Closure).where(
            Closure.family_id == family.id, Closure.deleted.is_(False))))
    return FamilyPlanData(
        family=family,
        plan=plan,
        strengths=_strengths(session, actor, family.id, plan, registry),
        next_review=None if ending else plan.next_review or family.next_review,
        worker=actor.name,
        stamp=combined_stamp(stamps_of(rows)),
        signatories=tuple(signatories),
        ending=ending,
    )


def _ending(session: Session, actor: Profile, family: FamilyFacts) -> PlanEnding:
    closure = latest_closure(session, actor, family.id)
    if closure is None or closure.reopened:
        return PlanEnding(None, "", "")
    return PlanEnding(
        closure.closed_on,
        closure.reason,
        closure.reason_detail,
        {o.outcome_id: (o.achieved, o.note) for o in closure.outcomes_achieved},
    )


def _strengths(
    session: Session, actor: Profile, family_id: str, plan: PlanData,
    registry: FormRegistry | None,
) -> tuple[StrengthSource, ...]:
    """What the plan itself says is going well, then the latest EHAT's (or else the
    safety map's) words, from the fields its own form names as its strengths, each
    under the label it prints with."""
    own = tuple(s.text.strip() for s in plan.strengths if s.text.strip())
    sources = [StrengthSource(OWN_STRENGTHS, own, own=True)] if own else []
    seen = set(own)
    for kind, name in ASSESSMENT_STRENGTHS:
        detail = latest_assessment(session, actor, family_id, kind)
        if detail is None:
            continue
        try:
            # the forms are read only for a family with an assessment (about 90 ms)
            outcome = form_for(registry or form_registry(), detail).outcome
        except FormNotLoaded:  # its form is not on this computer: its fields are unknown
            continue
        texts: list[str] = []
        for field_id in outcome.strengths_fields if outcome else ():
            value = detail.answers.get(field_id)
            if isinstance(value, str) and value.strip() and value.strip() not in seen:
                texts.append(value.strip())
                seen.add(value.strip())
        if texts:
            sources.append(StrengthSource(f"From {name}, {uk(_assessed_on(detail))}",
                                          tuple(texts)))
            break
    return tuple(sources)


def _assessed_on(detail: AssessmentDetail) -> dt.date:
    """When the assessment was done: its assessment date, else the day it was completed."""
    value = detail.answers.get("assessment_date")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    return uk_local(detail.completed_at or detail.started_at).date()


# ---------------------------------------------------------------- the document


def render(data: FamilyPlanData, options: RenderOptions | None = None) -> bytes:
    family = data.family
    ending = data.ending
    info = DocumentInfo(
        title=ENDED_TITLE if ending else TITLE,
        family_reference=family.reference,
        family_name=family.display_name,
        stamp=data.stamp,
        subject=(
            f"Your family plan, which ended on {uk(ending.closed_on)}"
            if ending and ending.closed_on else SUBJECT
        ),
        author=data.worker,
    )
    return render_pdf(info, partial(_write, data), options)


def _write(data: FamilyPlanData, story: Story) -> None:
    family = data.family
    plan = data.plan
    ending = data.ending
    children = "\n".join(c.described(plan.as_of) for c in family.children)
    if ending is None:
        story.title("Your family plan", f"{for_family(family.family_name)}, as it stands on "
                    f"{uk(plan.as_of)}")
        story.facts([
            ("Your children", children),
            ("Next review", uk(data.next_review) if data.next_review else "To be agreed"),
            ("Who to contact", family.lead_text()),
        ])
        story.callout(INTRO)
    else:
        story.title("Your family plan (ended)", f"{for_family(family.family_name)}")
        story.facts([
            ("Your children", children),
            ("Plan ended", uk(ending.closed_on) if ending.closed_on else "Yes"),
            ("Lead professional", family.lead_text()),
        ])
        story.callout(ended_intro(ending.closed_on, ending.reason))
        story.labelled("Written when the plan ended", ending.reason_detail)
    _going_well(story, data.strengths)
    write_needs(story, plan.needs, None if ending is None else ending.achieved)
    if ending is None:
        _next_review(story, data)
        _signatures(story, list(data.signatories))
    else:
        story.heading("If you need help again")
        story.para(HELP_AGAIN)


def _going_well(story: Story, sources: tuple[StrengthSource, ...]) -> None:
    """Always the plan's first section: each source under its label, or plainly none."""
    s = story.s
    story.heading("What is going well")
    if not sources:
        story.para(NO_STRENGTHS)
        return
    for source in sources:
        paras = [
            Para(esc(text), s.bullet, bulletText="•") if source.own
            else Para(esc(text), s.body)
            for text in source.texts
        ]
        first = label(story, source.label, source.texts[0])
        if len(source.texts[0]) < LONG_TEXT:  # the label stays with the first thing under it
            story.keep([first, paras[0]])
        else:  # long text flows on from under its label
            story.add(CondPageBreak(s.base * 6))
            story.add(first)
            story.add(paras[0])
        for para in paras[1:]:
            story.add(para)


def _next_review(story: Story, data: FamilyPlanData) -> None:
    story.heading("Your next review")
    story.para(review_words(data.next_review, data.plan.as_of))
    story.para(contact_words(data.family.lead_text()))


def _signatures(story: Story, people: list[tuple[str, str]]) -> None:
    """A block per person, in pairs kept on one page, the first pair with the heading;
    an odd last block joins the pair before it, so none is ever alone on a page."""
    if not people:
        return
    groups = [people[i:i + 2] for i in range(0, len(people), 2)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        last = groups.pop()
        groups[-1] = groups[-1] + last
    for number, group in enumerate(groups):
        with story.together():
            if number == 0:
                story.heading("Agreeing the plan")
                story.para(SIGNING)
            story.signature_blocks(group)
