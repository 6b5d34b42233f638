"""The safety map: the family's latest completed safety mapping laid out in
three columns (what we are worried about, what's working well, what needs to
happen), each danger statement beside its safety goal, and everyone's 0-10
scaling with their earlier scores. Printed across the page (landscape), as
maps are drawn with families.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.platypus import Flowable, Spacer
from sqlalchemy.orm import Session

from app.casework.assessment_data import SAFETY_KIND
from app.casework.assessments import form_for, latest_assessment, scaling_history
from app.dates import uk
from app.documents.ehat_summary import AssessmentFacts, assessment_facts
from app.documents.family_facts import (
    FamilyFacts,
    NothingToPrint,
    family_facts,
    find_family,
    form_registry,
    option_lists,
)
from app.documents.form_answers import AnswerItem, answer_text
from app.documents.layout.document_info import DocumentInfo, RenderOptions
from app.documents.layout.page import geometry
from app.documents.layout.paragraphs import Para
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.documents.layout.styles import make_styles
from app.documents.layout.text import esc
from app.documents.sos_scores import ScoreRow, scores
from app.forms.answers import visible_answers
from app.forms.definition import FormDefinition, Option, Scaling
from app.forms.loader import FormRegistry
from app.forms.scoring import ScaleLabels, ScalingSeries, participant_key, scale_labels
from app.store.caseload_store import Profile

TITLE = "Safety map"


@dataclass(frozen=True)
class MapColumn:
    title: str
    items: tuple[AnswerItem, ...]


@dataclass(frozen=True)
class Pairs:
    """A repeating group of paired statements (danger statement and safety goal)."""

    label: str
    headings: tuple[str, str]
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SosMapData:
    family: FamilyFacts
    assessment: AssessmentFacts
    title: str
    columns: tuple[MapColumn, ...]
    pairs: tuple[Pairs, ...]
    scores: tuple[ScoreRow, ...]
    scale_low: str
    scale_high: str
    scale_min: int
    scale_max: int
    worker: str
    scale_heading: str = "How safe are the children? Everyone's score"
    scale_introduction: str = ""  # the form's own; else what the ends mean
    scale_points: tuple[str, ...] = ()  # the wording at every point, when the form has it


def _pairs(
    form: FormDefinition, field_id: str, value: object, names: dict[str, str]
) -> Pairs | None:
    group = form.field(field_id)
    texts = [sub for sub in group.fields if sub.type in ("text", "long_text")]
    if len(texts) < 2 or not isinstance(value, list):
        return None
    first, second = texts[0], texts[1]
    rows = tuple(
        (answer_text(first, row.get(first.id)), answer_text(second, row.get(second.id)))
        for row in value
        if isinstance(row, dict)
    )
    rows = tuple(r for r in rows if r[0] or r[1])
    if not rows:
        return None
    return Pairs(group.label, (first.label, second.label), rows)


def load(
    session: Session,
    actor: Profile,
    family_reference: str,
    registry: FormRegistry | None = None,
) -> SosMapData:
    registry = registry or form_registry()
    family_row = find_family(session, family_reference)
    family = family_facts(session, family_row)
    detail = latest_assessment(session, actor, family.id, SAFETY_KIND)
    if detail is None:
        raise NothingToPrint(
            f"Family {family.reference} has no completed safety mapping to print."
        )
    form = form_for(registry, detail)
    answers = visible_answers(form, detail.answers)
    options = option_lists()
    columns, pairs = _map_columns(form, answers, family.names(), options)
    scale = ScaleLabels(minimum=0, maximum=10, low="", high="")
    scores: list[ScoreRow] = []
    hint = form.scaling
    wording: dict[str, Any] = {}
    if hint is not None:
        scale = scale_labels(form.field(hint.score_field))
        wording["scale_points"] = form.field(hint.score_field).point_labels
        if hint.heading:
            wording["scale_heading"] = hint.heading
        wording["scale_introduction"] = hint.introduction
        history = {
            participant_key(s.name, s.role): s
            for s in scaling_history(session, actor, family.id, registry, detail.kind)
        }
        scores = _score_rows(form, hint, answers, history, options)
    return SosMapData(
        family=family,
        assessment=assessment_facts(detail, form.title),
        title=form.title,
        columns=tuple(columns),
        pairs=tuple(pairs),
        scores=tuple(scores),
        scale_low=scale.low,
        scale_high=scale.high,
        scale_min=scale.minimum,
        scale_max=scale.maximum,
        worker=detail.completed_by or actor.name,
        **wording,
    )


def _map_columns(
    form: FormDefinition,
    answers: Mapping[str, Any],
    names: dict[str, str],
    options: Mapping[str, tuple[Option, ...]],
) -> tuple[list[MapColumn], list[Pairs]]:
    """The map's columns of answers, and the paired statements found in them."""
    columns: list[MapColumn] = []
    pairs: list[Pairs] = []
    for column in form.map_columns:
        items: list[AnswerItem] = []
        for field_id in column.fields:
            item = form.field(field_id)
            if item.type == "repeat":
                made = _pairs(form, field_id, answers.get(field_id), names)
                if made is not None:
                    pairs.append(made)
                continue
            text = answer_text(item, answers.get(field_id), names=names, options=options)
            if text:
                items.append(AnswerItem(item.label, text))
        columns.append(MapColumn(column.title, tuple(items)))
    return columns, pairs


def _score_rows(
    form: FormDefinition,
    hint: Scaling,
    answers: Mapping[str, Any],
    history: Mapping[tuple[str, str], ScalingSeries],
    options: Mapping[str, tuple[Option, ...]],
) -> list[ScoreRow]:
    """Everyone's score on this mapping, with their scores on earlier ones."""
    group = form.field(hint.group)
    role_field = form.field(hint.role_field)
    reason_ids = [
        sub.id for sub in group.fields
        if sub.id not in (hint.name_field, hint.role_field, hint.score_field)
        and sub.type in ("text", "long_text")
    ]
    scores: list[ScoreRow] = []
    rows = answers.get(hint.group)
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        score = row.get(hint.score_field)
        if not isinstance(score, int) or isinstance(score, bool):
            continue
        name = str(row.get(hint.name_field) or "").strip()
        role_code = str(row.get(hint.role_field) or "").strip()
        series = history.get(participant_key(name, role_code))
        # This mapping is the latest completed one: its score is the last point.
        points = series.points[:-1] if series is not None else ()
        earlier = tuple((uk(p.when), p.score) for p in points)
        scores.append(
            ScoreRow(
                name=name,
                role=answer_text(role_field, role_code, options=options),
                score=score,
                reason=" ".join(
                    answer_text(form.field(r), row.get(r))
                    for r in reason_ids
                ).strip(),
                earlier=earlier,
            )
        )
    return scores


# ---------------------------------------------------------------- the page



def render(data: SosMapData, options: RenderOptions | None = None) -> bytes:
    family = data.family
    info = DocumentInfo(
        title=TITLE,
        family_reference=family.reference,
        family_name=family.display_name,
        stamp=data.assessment.stamp,
        subject="What we are worried about, what is working well, what needs to happen",
        author=data.worker,
    )
    # Landscape, as maps are drawn, with the columns side by side, when they fit on the
    # first page; when they are one after another (large print, or columns too long),
    # lines of portrait length read best.
    wide = not (options is not None and options.large_print) and _map_fits_the_first_page(data)
    return render_pdf(info, partial(_write, data, side_by_side=wide), options, wide=wide)


def _map_fits_the_first_page(data: SosMapData) -> bool:
    """Whether the first page, its columns side by side, fits on a landscape page in
    normal print (about: spaces between paragraphs are counted in full)."""
    g = geometry(large_print=False, wide=True)
    story = Story(make_styles(), g.frame_width)
    _opening(story, data)
    _map_side_by_side(story, data)
    height = 0.0
    for f in story.items:
        height += float(f.wrap(g.frame_width, g.frame_height)[1])
        height += float(f.getSpaceBefore()) + float(f.getSpaceAfter())
    return height <= g.frame_height


def _column_cell(story: Story, column: MapColumn) -> list[Flowable]:
    s = story.s
    out: list[Flowable] = []
    for item in column.items:
        out.append(Para(esc(item.label), s.label))
        out.append(Para(esc(item.text), s.cell))
        out.append(Spacer(1, s.base * 0.3))
    if not out:
        out.append(Para("Nothing recorded.", s.muted))
    return out


def _map_side_by_side(story: Story, data: SosMapData) -> None:
    """The map as it is drawn with the family: its columns side by side."""
    story.heading("The map")
    story.table(
        [c.title for c in data.columns],
        [[_column_cell(story, c) for c in data.columns]],
        [1] * max(len(data.columns), 1),
    )


def _map_sections(story: Story, data: SosMapData) -> None:
    """The map's columns one after another, across the page: in large print, and
    whenever the columns side by side would not fit on the first page (a row of three
    columns split over two pages breaks each column mid-sentence)."""
    story.heading("The map")
    for column in data.columns:
        story.subheading(column.title)
        if not column.items:
            story.muted("Nothing recorded.")
        for item in column.items:
            story.labelled(item.label, item.text)


def _opening(story: Story, data: SosMapData) -> None:
    family = data.family
    story.title(f"{TITLE}: {family.display_name}", family.reference)
    story.facts(data.assessment.rows(), label_share=0.2)
    story.muted(
        "Made with the family. The map keeps what we are worried about separate from "
        "what is working well, so everyone can see both."
    )


def _write(data: SosMapData, story: Story, *, side_by_side: bool) -> None:
    _opening(story, data)
    if side_by_side:  # as sections after all, should the columns not fit where they fall
        story.fitting(partial(_map_side_by_side, story, data), partial(_map_sections, story, data))
    else:
        _map_sections(story, data)
    for pairs in data.pairs:
        story.heading(pairs.label)
        story.table(list(pairs.headings), [list(r) for r in pairs.rows], [1, 1])
    if data.scores:
        with story.section():
            scores(story, data, narrow=not side_by_side)
