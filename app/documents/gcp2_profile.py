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

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
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
from app.documents.gcp2_words import chart_words
from app.documents.layout.colours import (
    ACCENT,
    GRADE_EDGES,
    GRADE_FILLS,
    INK,
    MUTED,
    RULE,
    SOFT_FILL,
)
from app.documents.layout.document_info import (
    DocumentInfo,
    RecordStamp,
    RenderOptions,
    combined_stamp,
)
from app.documents.layout.fonts import Fonts, fonts
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.forms.definition import FormDefinition, Option
from app.forms.loader import FormRegistry
from app.store.caseload_store import Profile
from db.models import Assessment

TITLE = "Graded Care Profile 2"
SUMMARY_FIELDS = ("strengths_summary", "concerns_summary", "carer_view", "next_steps")


@dataclass(frozen=True)
class GradeRow:
    label: str
    grade: int | None
    before: int | None
    is_area: bool
    evidence: str = ""
    suggested: int | None = None


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


# ---------------------------------------------------------------- the chart


@dataclass(frozen=True)
class _ChartScale:
    """Where things go on the chart: a label column, then five grade columns."""

    fonts: Fonts
    width: float
    base: float
    row_h: float
    label_w: float
    col_w: float

    @property
    def small(self) -> float:
        return self.base * 0.8


def profile_chart(profile: ChildProfile, width: float, base: float) -> Drawing:
    """Each area and sub-area as a bar as long as its grade, coloured by grade;
    a dark diamond marks the grade at the previous GCP2."""
    row_h = base * 1.85
    label_w = width * 0.46
    scale = _ChartScale(fonts(), width, base, row_h, label_w, (width - label_w) / 5)
    head_h = base * 3.2
    legend_h = base * 2.6 if profile.has_previous else base * 1.2
    height = head_h + row_h * len(profile.rows) + legend_h
    d = Drawing(width, height, initialFontName=scale.fonts.regular)
    top = height - head_h
    _draw_heads(d, scale, height, top, len(profile.rows))
    for i, row in enumerate(profile.rows):
        _draw_row(d, scale, row, top - row_h * (i + 1))
    bottom = top - row_h * len(profile.rows)
    d.add(Line(0, bottom, width, bottom, strokeColor=ACCENT, strokeWidth=0.8))
    if profile.has_previous:
        _draw_legend(d, scale, profile, bottom)
    return d


def _draw_heads(d: Drawing, c: _ChartScale, height: float, top: float, rows: int) -> None:
    """Column heads (grade numbers, and what the ends mean) and the grid."""
    f, small, label_w, col_w = c.fonts, c.small, c.label_w, c.col_w
    d.add(String(label_w, height - small * 1.1, "needs met", fontName=f.regular,
                 fontSize=small, fillColor=MUTED))
    d.add(String(c.width, height - small * 1.1, "needs not met", fontName=f.regular,
                 fontSize=small, fillColor=MUTED, textAnchor="end"))
    for g in range(1, 6):
        x = label_w + col_w * (g - 0.5)
        d.add(String(x, top + c.base * 0.55, f"Grade {g}", fontName=f.bold, fontSize=small,
                     fillColor=INK, textAnchor="middle"))
    for g in range(6):
        x = label_w + col_w * g
        d.add(Line(x, top, x, top - c.row_h * rows, strokeColor=RULE, strokeWidth=0.4))


def _draw_row(d: Drawing, c: _ChartScale, row: GradeRow, y: float) -> None:
    """One area or sub-area: its label, its bar and grade, the diamond of the grade before."""
    f, base, row_h, label_w, col_w, width = c.fonts, c.base, c.row_h, c.label_w, c.col_w, c.width
    if row.is_area:
        d.add(Rect(0, y, width, row_h, fillColor=SOFT_FILL, strokeColor=None))
        d.add(Line(0, y + row_h, width, y + row_h, strokeColor=ACCENT, strokeWidth=0.8))
    else:
        d.add(Line(0, y, width, y, strokeColor=RULE, strokeWidth=0.3))
    text_y = y + (row_h - base * 0.9) / 2 + base * 0.15
    label = row.label if row.is_area else "   " + row.label
    d.add(String(base * 0.3, text_y, _clip(label, f.bold if row.is_area else f.regular,
                                            base * 0.92, label_w - base * 0.6),
                 fontName=f.bold if row.is_area else f.regular, fontSize=base * 0.92,
                 fillColor=ACCENT if row.is_area else INK))
    pad = row_h * (0.16 if row.is_area else 0.22)
    if row.grade is not None:
        d.add(Rect(label_w + 1, y + pad, col_w * row.grade - 2, row_h - 2 * pad,
                   fillColor=GRADE_FILLS[row.grade], strokeColor=GRADE_EDGES[row.grade],
                   strokeWidth=1.0 if row.is_area else 0.6, rx=2, ry=2))
        d.add(String(label_w + col_w * row.grade - base * 0.5, text_y, str(row.grade),
                     fontName=f.bold, fontSize=base * 0.92, fillColor=INK,
                     textAnchor="end"))
    else:
        d.add(String(label_w + base * 0.4, text_y, "not graded", fontName=f.regular,
                     fontSize=c.small, fillColor=MUTED))
    if row.before is not None:
        cx = label_w + col_w * (row.before - 0.5)
        cy = y + row_h / 2
        r = row_h * 0.22
        d.add(Polygon([cx - r, cy, cx, cy + r, cx + r, cy, cx, cy - r],
                      fillColor=colors.HexColor("#37474f"), strokeColor=colors.white,
                      strokeWidth=0.8))


def _draw_legend(d: Drawing, c: _ChartScale, profile: ChildProfile, bottom: float) -> None:
    y = bottom - c.base * 1.6
    r = c.base * 0.35
    d.add(Polygon([0, y + r, r, y + 2 * r, 2 * r, y + r, r, y],
                  fillColor=colors.HexColor("#37474f"), strokeColor=None))
    d.add(String(r * 2 + c.base * 0.4, y + r * 0.55,
                 f"the grade at the previous GCP2 ({uk(profile.previous_on)}); "
                 f"the bars show the grades now ({uk(profile.assessment.completed_on)})",
                 fontName=c.fonts.regular, fontSize=c.small, fillColor=MUTED))


def _clip(text: str, font: str, size: float, room: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


def _change_words(before: int | None, now: int | None) -> str:
    if before is None or now is None:
        return "Not graded both times"
    if before == now:
        return "No change"
    steps = abs(before - now)
    return f"{'Better' if now < before else 'Worse'} by {steps} grade{'s' if steps > 1 else ''}"


# ---------------------------------------------------------------- the document


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
    story.figure(profile_chart(profile, story.width, s.base), chart_words(profile))
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
            [4.2, 1, 1, 2.4],
            keep_together=True,
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
