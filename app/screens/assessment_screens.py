"""The store tasks behind the Assessments tab: opening, starting and amending an
assessment with what its wizard needs, and gathering a safety map."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.casework import assessment_completion, assessment_data, assessment_drafts, assessments
from app.casework.assessment_data import AssessmentDetail, NewAssessment
from app.forms.definition import DescriptorSet
from app.forms.loader import FormRegistry
from app.forms.scoring import ScalingSeries
from app.store.caseload_store import Profile

# ---------------------------------------------------------------- store work


@dataclass(frozen=True)
class OpenedAssessment:
    """An assessment with what its wizard needs: the grade descriptors it was made with."""

    detail: AssessmentDetail
    descriptor_sets: dict[str, DescriptorSet]


def open_assessment_data(
    session: Session, actor: Profile, assessment_id: str, registry: FormRegistry
) -> OpenedAssessment:
    detail = assessments.load_assessment(session, actor, assessment_id)
    return OpenedAssessment(
        detail, assessments.descriptors_for_assessment(session, registry, detail)
    )


def start_assessment_data(
    session: Session, actor: Profile, request: NewAssessment, registry: FormRegistry
) -> OpenedAssessment:
    detail = assessment_drafts.start_assessment(session, actor, request, registry)
    return OpenedAssessment(
        detail, assessments.descriptors_for_assessment(session, registry, detail)
    )


def amend_assessment_data(
    session: Session, actor: Profile, assessment_id: str, registry: FormRegistry
) -> OpenedAssessment:
    detail = assessment_completion.amend_assessment(session, actor, assessment_id, registry)
    return OpenedAssessment(
        detail, assessments.descriptors_for_assessment(session, registry, detail)
    )


@dataclass(frozen=True)
class SafetyMapData:
    mapping: AssessmentDetail | None
    series: tuple[ScalingSeries, ...]


def safety_map_data(
    session: Session,
    actor: Profile,
    family_id: str,
    assessment_id: str | None,
    registry: FormRegistry,
) -> SafetyMapData:
    """The chosen mapping (or the family's latest completed one), and everyone's
    scaling over time."""
    if assessment_id is not None:
        mapping: AssessmentDetail | None = assessments.load_assessment(
            session, actor, assessment_id
        )
    else:
        mapping = assessments.latest_assessment(
            session, actor, family_id, assessment_data.SAFETY_KIND)
    series = assessments.scaling_history(session, actor, family_id, registry)
    return SafetyMapData(mapping, series)
