"""The Graded Care Profile 2 profile: for each child with a completed GCP2,
a chart of the 4 areas and 13 sub-areas coloured by grade (1, needs met, to 5,
needs not met), the change since the child's previous GCP2 when there is one,
what was seen and heard for each sub-area, and the summary.

The area grades are the practitioner's judgement; there is no total, so none
is printed. Grade descriptors are not printed (a council's licensed wording
stays in the app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.platypus import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_data import GCP2_KIND, Gcp2Change
from app.casework.assessments import form_for, gcp2_change, latest_gcp2_for_child
from app.dates import uk
from app.documents.ehat_summary import AssessmentFacts, assessment_facts, local_day
from app.documents.family_facts import (
    FamilyFacts,
    NothingToPrint,
    PersonFacts,
    family_facts,
    find_family,
    form_registry,
    option_lists,
)
from app.documents.form_answers import AnswerItem, answer_text
from app.documents.gcp2_chart import GradeRow, grade_chart
from app.documents.gcp2_words import chart_words
from app.documents.layout.document_info import (
    DocumentInfo,
    RecordStamp,
    RenderOptions,
    combined_stamp,
)
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.documents.layout.styles import Styles
from app.forms.definition import FormDefinition, Option
from app.forms.loader import FormRegistry
from app.store.caseload_store import Profile
from db.models import Assessment

TITLE = "Graded Care Profile 2"
SUMMARY_FIELDS = ("strengths_summary", "concerns_summary", "carer_view", "next_steps")


@dataclass(frozen=True)
class ChildProfile:
    child: str
    assessment: AssessmentFacts
    rows: tuple[GradeRow, ...]  # each area, followed by its sub-areas
    previous_on: dt.date | None
    summary: tuple[AnswerItem, ...]

    @property
    def has_previous(self) -> bool:
        return self.previous_on is not None


@dataclass(frozen=True)
class Gcp2ProfileData:
    family: FamilyFacts
    profiles: tuple[ChildProfile, ...]
    worker: str
    stamp: RecordStamp


def load(
    session: Session,
    actor: Profile,
    family_reference: str,
    registry: FormRegistry | None = None,
) -> Gcp2ProfileData:
    registry = registry or form_registry()
    family_row = find_family(session, family_reference)
    family = family_facts(session, family_row)
    child_ids = _children_with_a_gcp2(session, family.id)
    profiles: list[ChildProfile] = []
    options = option_lists()
    for child in family.children:
        if child.id not in child_ids:
            continue
        profile = _child_profile(session, actor, registry, family, child, options)
        if profile is not None:
            profiles.append(profile)
    if not profiles:
        raise NothingToPrint(f"Family {family.reference} has no completed GCP2 to print.")
    return Gcp2ProfileData(
        family=family,
        profiles=tuple(profiles),
        worker=actor.name,
        stamp=combined_stamp(p.assessment.stamp for p in profiles),
    )


def _children_with_a_gcp2(session: Session, family_id: str) -> set[str | None]:
    return set(
        session.scalars(
            select(Assessment.child_person_id).where(
                Assessment.family_id == family_id,
                Assessment.kind == GCP2_KIND,
                Assessment.completed_at.is_not(None),
                Assessment.deleted.is_(False),
            )
        )
    )


def _child_profile(
    session: Session,
    actor: Profile,
    registry: FormRegistry,
    family: FamilyFacts,
    child: PersonFacts,
    options: Mapping[str, tuple[Option, ...]],
) -> ChildProfile | None:
    """The child's latest completed GCP2 as printed, or None when there is none."""
    detail = latest_gcp2_for_child(session, actor, child.id)
    if detail is None:
        return None
    form = form_for(registry, detail)
    change = gcp2_change(session, actor, detail.id, registry)
    summary = tuple(
        AnswerItem(form.field(fid).label, text)
        for fid in SUMMARY_FIELDS
        if form.has_field(fid)
        and (text := answer_text(form.field(fid), detail.answers.get(fid),
                                 names=family.names(), options=options))
    )
    return ChildProfile(
        child=child.described(),
        assessment=assessment_facts(detail, form.title),
        rows=tuple(_grade_rows(change, form, detail.answers)),
        previous_on=local_day(change.previous_completed_at),
        summary=summary,
    )


def _grade_rows(
    change: Gcp2Change, form: FormDefinition, answers: Mapping[str, Any]
) -> list[GradeRow]:
    """Each area, followed by its sub-areas with the evidence recorded for them."""
    before = {c.field_id: c.before for c in change.changes}
    rows: list[GradeRow] = []
    for area in change.profile:
        rows.append(
            GradeRow(
                label=area.label.replace("Area grade: ", "").capitalize(),
                grade=area.grade,
                before=before.get(area.field_id),
                is_area=True,
                suggested=area.suggestion.grade,
            )
        )
        for sub in area.sub_areas:
            evidence_id = f"{sub.field_id}_evidence"
            evidence = ""
            if form.has_field(evidence_id):
                evidence = answer_text(form.field(evidence_id), answers.get(evidence_id))
            rows.append(
                GradeRow(
                    label=sub.label,
                    grade=sub.grade,
                    before=before.get(sub.field_id),
                    is_area=False,
                    evidence=evidence,
                )
            )
    return rows


def _change_words(before: int | None, now: int | None) -> str:
    if before is None or now is None:
        return "Not graded both times"
    if before == now:
        return "No change"
    steps = abs(before - now)
    return f"{'Better' if now < before else 'Worse'} by {steps} grade{'s' if steps > 1 else ''}"


# ---------------------------------------------------------------- the document


def profile_chart(profile: ChildProfile, width: float, styles: Styles) -> Table:
    """Each area and sub-area as a bar as long as its grade, coloured by grade;
    a dark diamond marks the grade at the previous GCP2."""
    return grade_chart(profile.rows, width, styles, previous_on=profile.previous_on,
                       now_on=profile.assessment.completed_on)


def render(data: Gcp2ProfileData, options: RenderOptions | None = None) -> bytes:
    family = data.family
    info = DocumentInfo(
        title=TITLE + " profile",
        family_reference=family.reference,
        family_name=family.display_name,
        stamp=data.stamp,
        subject="The care each child receives, area by area",
        author=data.worker,
    )
    return render_pdf(info, partial(_write, data), options)


def _write(data: Gcp2ProfileData, story: Story) -> None:
    family = data.family
    story.title(f"{TITLE}: care profile", f"{family.display_name} · {family.reference}")
    story.para(
        "Each area of care is graded from 1 (the child's needs are met and the child "
        "comes first) to 5 (the child's needs are not met). The area grades are the "
        "practitioner's judgement, informed by the sub-areas. There is no total score."
    )
    for number, profile in enumerate(data.profiles):
        if number:
            story.page_break()
        _child(story, profile)


def _child(story: Story, profile: ChildProfile) -> None:
    s = story.s
    story.heading(profile.child)
    story.facts(profile.assessment.rows())
    story.figure(profile_chart(profile, story.width, s), chart_words(profile))
    story.space(0.8)
    if profile.has_previous:
        story.subheading(f"Change since the GCP2 of {uk(profile.previous_on)}")
        changed = [r for r in profile.rows if r.is_area or r.before != r.grade]
        story.table(
            ["Area or sub-area", "Then", "Now", "Change"],
            [
                [
                    story.cell(r.label, s.cell_bold if r.is_area else s.cell),
                    "" if r.before is None else str(r.before),
                    "" if r.grade is None else str(r.grade),
                    _change_words(r.before, r.grade),
                ]
                for r in changed
            ],
            # The grades are one figure: "Then" and "Now" as wide as their heads.
            [3.2, story.text_width("Then", bold=True), story.text_width("Now", bold=True), 2],
        )
    story.subheading("What was seen and heard")
    area = ""
    for row in profile.rows:
        if row.is_area:
            area = row.label
            continue
        grade = f"grade {row.grade}" if row.grade is not None else "not graded"
        story.labelled(f"{area}: {row.label} ({grade})", row.evidence,
                       empty="Nothing recorded.")
    if profile.summary:
        story.subheading("Summary")
        for item in profile.summary:
            story.labelled(item.label, item.text)
