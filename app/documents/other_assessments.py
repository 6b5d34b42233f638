"""Every assessment without a layout of its own, printed from its form: a council's
own kinds of form, three houses, and any other kind Hearth has no special document
for. For each kind (and each child, for a form about one child) the latest completed
assessment: who made it and where it stands, then every answered question in the
form's own order and wording (the version it was made with).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_data import GCP2_KIND, SAFETY_KIND
from app.casework.assessment_drafts import AUDIT_KIND
from app.casework.assessment_errors import FormNotLoaded
from app.casework.assessments import form_for, latest_assessment
from app.documents.child_houses import ChildPage, child_page, page_fields, write_child_page
from app.documents.ehat_summary import AssessmentFacts, assessment_facts
from app.documents.family_facts import (
    FamilyFacts,
    NothingToPrint,
    family_facts,
    find_family,
    form_registry,
    option_lists,
)
from app.documents.form_answers import AnswerSection, answer_sections, write_sections
from app.documents.layout.document_info import DocumentInfo, RenderOptions, combined_stamp
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.forms.loader import FormRegistry
from app.store.caseload_store import Profile
from db.models import Assessment

TITLE = "Assessments"
# The kinds printed by documents of their own (the EHAT summary, the GCP2 profile, the
# safety map), and the team lead's audit of the record, which is not about the family.
OWN_LAYOUT: frozenset[str] = frozenset({"ehat", GCP2_KIND, SAFETY_KIND, AUDIT_KIND})


@dataclass(frozen=True)
class PrintedAssessment:
    heading: str  # the form's title, and the child it is about
    assessment: AssessmentFacts
    sections: tuple[AnswerSection, ...]
    note: str = ""  # why the answers are not printed (the form is not on this computer)
    child_page: ChildPage | None = None  # the houses drawn, with the child's words


@dataclass(frozen=True)
class OtherAssessmentsData:
    family: FamilyFacts
    assessments: tuple[PrintedAssessment, ...]
    worker: str


def load(
    session: Session,
    actor: Profile,
    family_reference: str,
    registry: FormRegistry | None = None,
) -> OtherAssessmentsData:
    family = family_facts(session, find_family(session, family_reference))
    pairs = session.execute(
        select(Assessment.kind, Assessment.child_person_id)
        .where(
            Assessment.family_id == family.id,
            Assessment.deleted.is_(False),
            Assessment.completed_at.is_not(None),
            Assessment.kind.not_in(OWN_LAYOUT),
        )
        .distinct()
    ).all()
    details = [
        detail
        for kind, child in pairs
        if (detail := latest_assessment(session, actor, family.id, kind, child)) is not None
    ]
    if not details:
        raise NothingToPrint(
            f"Family {family.reference} has no other completed assessment to print."
        )
    details.sort(key=lambda d: (d.completed_at, d.id))
    forms = registry or form_registry()
    options = option_lists()
    printed = []
    for detail in details:
        about = f" about {detail.child_name}" if detail.child_name else ""
        try:
            form = form_for(forms, detail)
        except FormNotLoaded as missing:
            facts = assessment_facts(detail, detail.title or "A form not loaded")
            printed.append(PrintedAssessment(f"{detail.title}{about}", facts, (), missing.message))
            continue
        sections = answer_sections(
            form, detail.answers, names=family.names(), options=options, skip=page_fields(form)
        )
        own = child_page(form, detail.answers, detail.child_name, detail.completed_at)
        facts = assessment_facts(detail, form.title)
        printed.append(PrintedAssessment(f"{form.title}{about}", facts, sections, "", own))
    return OtherAssessmentsData(family, tuple(printed), details[-1].completed_by or actor.name)


def render(data: OtherAssessmentsData, options: RenderOptions | None = None) -> bytes:
    family = data.family
    info = DocumentInfo(
        title=TITLE,
        family_reference=family.reference,
        family_name=family.display_name,
        stamp=combined_stamp(a.assessment.stamp for a in data.assessments),
        subject="The family's assessments, as recorded",
        author=data.worker,
    )

    def build(story: Story) -> None:
        story.title(TITLE, f"{family.display_name} · {family.reference}")
        for printed in data.assessments:
            story.heading(printed.heading)
            story.facts(printed.assessment.rows())
            if printed.note:
                story.muted(printed.note)
            write_sections(story, printed.sections, nested=True)
            if printed.child_page is not None:
                write_child_page(story, printed.child_page)

    return render_pdf(info, build, options)
