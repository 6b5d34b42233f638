"""The plain data of assessments: statuses and kinds, the requests services take and the
frozen summaries, details and results they hand back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from app.forms.definition import FormDefinition, Option
from app.forms.scoring import AreaProfile, GradeChange

ASSESSMENT_STATUSES: dict[str, str] = {
    "draft": "Draft",
    "completed": "Completed",
    "signed_off": "Signed off",
    "returned": "Returned",
}

REVIEW_OUTCOMES: dict[str, str] = {"signed_off": "Signed off", "returned": "Returned"}

# Who may review (sign off or return) a completed assessment.
REVIEWER_ROLES: tuple[str, ...] = ("team_lead",)

# The kinds of form that have screens of their own (the GCP2 profile, the safety map).
GCP2_KIND = "gcp2"
SAFETY_KIND = "signs_of_safety"
LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class NewAssessment:
    """Start an assessment of ``form`` (a registry entry, normally the latest
    version) for a family, about one child when the form is per child."""

    family_id: str
    form: FormDefinition
    child_person_id: str | None = None


@dataclass(frozen=True)
class DraftSave:
    assessment_id: str
    answers: Mapping[str, Any]
    current_page: str = ""


@dataclass(frozen=True)
class DraftSaved:
    assessment_id: str
    changed: bool  # False: nothing differed, nothing was written
    saved_at: dt.datetime


@dataclass(frozen=True)
class CompleteAssessment:
    """Complete an assessment. ``answers`` None completes with the saved draft's
    answers. ``options`` are the named option lists (``reference_options``
    in ``app.reference.form_options``);
    None reads the configured ones."""

    assessment_id: str
    answers: Mapping[str, Any] | None = None
    current_page: str | None = None
    options: Mapping[str, Sequence[Option]] | None = None


@dataclass(frozen=True)
class ReviewRequest:
    assessment_id: str
    outcome: str  # signed_off, returned
    comment: str = ""


@dataclass(frozen=True)
class ReviewData:
    id: str
    assessment_id: str
    outcome: str
    comment: str
    reviewed_by: str  # username
    reviewer_name: str
    reviewed_at: dt.datetime

    @property
    def outcome_label(self) -> str:
        return REVIEW_OUTCOMES.get(self.outcome, self.outcome)


@dataclass(frozen=True)
class AssessmentSummary:
    """One row of a family's list of assessments."""

    id: str
    family_id: str
    form_id: str
    form_version: int
    kind: str
    title: str
    child_person_id: str | None
    child_name: str
    status: str  # draft, completed, signed_off, returned
    started_by: str
    started_at: dt.datetime
    completed_by: str
    completed_at: dt.datetime | None
    amends_id: str | None
    amended_by_id: str | None  # the latest amendment of this one, if any
    superseded: bool  # a completed amendment has replaced it
    latest_review: ReviewData | None
    updated_at: dt.datetime
    updated_by: str

    @property
    def status_label(self) -> str:
        return ASSESSMENT_STATUSES.get(self.status, self.status)

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def is_final(self) -> bool:
        return self.completed_at is not None

    @property
    def author(self) -> str:
        return self.completed_by or self.started_by


@dataclass(frozen=True)
class AssessmentDetail(AssessmentSummary):
    """Everything needed to render an assessment (with
    ``registry.get(form_id, form_version)``) or resume its draft."""

    answers: dict[str, Any]
    current_page: str
    descriptors_source: dict[str, Any]
    reviews: tuple[ReviewData, ...]  # oldest first
    version: int | None


@dataclass(frozen=True)
class CompletionResult:
    assessment: AssessmentDetail
    current_level: str
    # Set when the form recommends a level of need other than the family's
    # current one: the UI offers app.families.households.change_level with this as the
    # new level and the assessment as the reason.
    recommended_level: str | None = None
    fam_needed: bool | None = None


@dataclass(frozen=True)
class Gcp2Change:
    """A GCP2's profile, and the change since the child's previous one."""

    assessment_id: str
    profile: tuple[AreaProfile, ...]
    previous_id: str | None
    previous_completed_at: dt.datetime | None
    previous_profile: tuple[AreaProfile, ...]
    changes: tuple[GradeChange, ...]  # empty without a previous GCP2

