"""The Early Help Assessment summary: the family's latest completed EHAT,
every answered question in the form's own order and wording (the version it
was made with), who completed it and whether it has been signed off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.casework.assessment_data import AssessmentDetail
from app.casework.assessments import form_for, latest_assessment
from app.dates import uk
from app.documents.family_facts import (
    FamilyFacts,
    NothingToPrint,
    family_facts,
    find_family,
    form_registry,
    option_lists,
)
from app.documents.form_answers import AnswerSection, answer_sections, write_sections
from app.documents.layout.document_info import DocumentInfo, RecordStamp, RenderOptions
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.families.allocation import shown_name
from app.forms.definition import Option, Outcome
from app.forms.loader import FormRegistry
from app.store.caseload_store import Profile

TITLE = "Early Help Assessment summary"
LONDON = ZoneInfo("Europe/London")


def local_day(instant: dt.datetime | None) -> dt.date | None:
    return instant.astimezone(LONDON).date() if instant is not None else None


@dataclass(frozen=True)
class AssessmentFacts:
    """Who made an assessment, when, and where it stands."""

    title: str
    form_label: str
    completed_on: dt.date | None
    completed_by: str
    started_on: dt.date | None
    status_text: str
    is_amendment: bool
    stamp: RecordStamp

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("Completed", f"{uk(self.completed_on)} by {self.completed_by}".strip()),
            ("Status", self.status_text),
            ("Form", self.form_label),
        ]


def assessment_facts(detail: AssessmentDetail, form_title: str) -> AssessmentFacts:
    review = detail.latest_review
    if review is not None and review.outcome == "signed_off":
        status = (
            f"Signed off by {review.reviewer_name or shown_name(review.reviewed_by)} on "
            f"{uk(local_day(review.reviewed_at))}"
        )
    elif review is not None and review.outcome == "returned":
        status = "Returned for changes by the team lead"
    else:
        status = "Completed, waiting for the team lead's sign-off"
    if detail.amends_id:
        status += " (this corrects an earlier version)"
    return AssessmentFacts(
        title=detail.title,
        form_label=f"{form_title}, version {detail.form_version}",
        completed_on=local_day(detail.completed_at),
        completed_by=detail.completed_by,
        started_on=local_day(detail.started_at),
        status_text=status,
        is_amendment=bool(detail.amends_id),
        stamp=RecordStamp(detail.version, detail.updated_at),
    )


@dataclass(frozen=True)
class EhatSummaryData:
    family: FamilyFacts
    assessment: AssessmentFacts
    children: tuple[str, ...]  # the children it is about, described
    recommended_level: str
    fam_needed: bool | None
    sections: tuple[AnswerSection, ...]
    worker: str


def load(
    session: Session,
    actor: Profile,
    family_reference: str,
    registry: FormRegistry | None = None,
) -> EhatSummaryData:
    family_row = find_family(session, family_reference)
    family = family_facts(session, family_row)
    detail = latest_assessment(session, actor, family.id, "ehat")
    if detail is None:
        raise NothingToPrint(f"Family {family.reference} has no completed EHAT to print.")
    form = form_for(registry or form_registry(), detail)
    options = option_lists()
    answers = detail.answers
    outcome = form.outcome or Outcome()
    return EhatSummaryData(
        family=family,
        assessment=assessment_facts(detail, form.title),
        children=children_about(family, answers.get(outcome.children_field)),
        recommended_level=level_label(answers.get(outcome.recommended_level_field), options),
        fam_needed=fam if isinstance(fam := answers.get(outcome.fam_needed_field), bool) else None,
        sections=answer_sections(form, answers, names=family.names(), options=options),
        worker=detail.completed_by or actor.name,
    )


def children_about(family: FamilyFacts, chosen: Any) -> tuple[str, ...]:
    """The children an assessment is about (its outcome's ``children_field``), described;
    every child in the family when the form does not say or none is chosen."""
    ids = chosen if isinstance(chosen, list) else [chosen] if isinstance(chosen, str) else []
    named = tuple(
        person.described() for pid in ids if (person := family.person(str(pid))) is not None
    )
    return named or tuple(c.described() for c in family.children)


def level_label(code: Any, options: Mapping[str, Sequence[Option]]) -> str:
    """A level of need's words (its code when the council's levels no longer have it)."""
    if not isinstance(code, str) or not code:
        return ""
    for option in options.get("levels_of_need", ()):
        if option.value == code:
            return option.label
    return code


def render(data: EhatSummaryData, options: RenderOptions | None = None) -> bytes:
    family = data.family
    info = DocumentInfo(
        title=TITLE,
        family_reference=family.reference,
        family_name=family.display_name,
        stamp=data.assessment.stamp,
        subject="The family's Early Help Assessment",
        author=data.worker,
    )

    def build(story: Story) -> None:
        story.title(TITLE, f"{family.display_name} · {family.reference}")
        rows = [("Children", "\n".join(data.children))] + data.assessment.rows()
        if data.recommended_level:
            rows.append(("Level of need agreed", data.recommended_level))
        if data.fam_needed is not None:
            rows.append(
                ("Family Action Meeting", "Needed" if data.fam_needed else "Not needed for now")
            )
        story.facts(rows)
        write_sections(story, data.sections)

    return render_pdf(info, build, options)
