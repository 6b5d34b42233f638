"""Completing an assessment (checked against its own form version, final after), a
correction by amendment, and a team lead's sign-off or return."""

from __future__ import annotations

import copy

from sqlalchemy.orm import Session

from app.casework.assessment_data import (
    LONDON,
    REVIEW_OUTCOMES,
    REVIEWER_ROLES,
    AssessmentDetail,
    CompleteAssessment,
    CompletionResult,
    ReviewRequest,
)
from app.casework.assessment_drafts import AUDIT_FOLD_MINUTES, check_gcp2, jsonable, refuse_final
from app.casework.assessment_errors import AssessmentIncomplete, ReviewNotAllowed
from app.casework.assessment_rows import (
    detail_of,
    form_of_row,
    get_assessment,
    links_of,
    reviews_of,
)
from app.casework.assessments import family_births, family_people
from app.casework.closure import writable_family
from app.dates import uk
from app.errors import HearthError, ValidationFailed
from app.forms.answers import validate_answers, visible_answers
from app.forms.loader import FormRegistry
from app.records import writes as records
from app.records.live import live_family
from app.reference.form_options import reference_options
from app.store.caseload_store import Profile
from db.models import Assessment, AssessmentReview, utcnow


def complete_assessment(
    session: Session, actor: Profile, request: CompleteAssessment, registry: FormRegistry
) -> CompletionResult:
    """Check the whole form against the assessment's own form version, then
    record who completed it and when; its answers are final after this.

    On problems raises :class:`AssessmentIncomplete` (nothing is written:
    autosave the draft first)."""
    row = get_assessment(session, request.assessment_id)
    writable_family(session, row.family_id)
    refuse_final(row)
    form = form_of_row(registry, row)
    answers = jsonable(request.answers if request.answers is not None else (row.answers or {}))
    options = request.options if request.options is not None else reference_options()
    problems = validate_answers(
        form,
        answers,
        options=options,
        people=family_people(session, row.family_id),
        births=family_births(session, row.family_id),
        about=row.child_person_id,
    )
    if problems:
        raise AssessmentIncomplete(form, problems)
    final_answers = visible_answers(form, answers)
    records.update(
        session,
        actor,
        row,
        answers=final_answers,
        current_page=(request.current_page or row.current_page)[:80],
        status="completed",
        completed_by=actor.name,
        completed_at=utcnow(),
    )
    records.fold_unsent(session, actor, row, AUDIT_FOLD_MINUTES)
    records.audit(session, actor, "complete", row)
    family = live_family(session, row.family_id)
    recommended: str | None = None
    fam_needed: bool | None = None
    if form.outcome is not None:
        level_field = form.outcome.recommended_level_field
        value = final_answers.get(level_field) if level_field else None
        if isinstance(value, str) and value and value != family.level_code:
            recommended = value
        fam_field = form.outcome.fam_needed_field
        fam_value = final_answers.get(fam_field) if fam_field else None
        if isinstance(fam_value, bool):
            fam_needed = fam_value
    return CompletionResult(
        assessment=detail_of(session, row),
        current_level=family.level_code,
        recommended_level=recommended,
        fam_needed=fam_needed,
    )


def amend_assessment(
    session: Session, actor: Profile, assessment_id: str, registry: FormRegistry | None = None
) -> AssessmentDetail:
    """A correction: a new draft linked to the original (answers copied, same
    form version and descriptors). If a draft amendment already exists it is
    returned, not a second one. The original stays as it is."""
    original = get_assessment(session, assessment_id)
    writable_family(session, original.family_id)
    if original.completed_at is None:
        raise HearthError(
            "This assessment is still a draft: change it directly, no amendment is needed."
        )
    links = links_of(session, [original.id]).get(original.id)
    if links is not None:
        latest = get_assessment(session, links.amended_by) if links.amended_by else None
        if latest is not None and latest.completed_at is None:
            return detail_of(session, latest)
        if links.superseded:
            raise HearthError(
                "This assessment has already been corrected by a completed amendment. "
                "Open the amendment and amend that instead."
            )
    check_gcp2(actor, original.kind)
    if registry is not None:
        form_of_row(registry, original)
    row = records.create(
        session,
        actor,
        Assessment,
        family_id=original.family_id,
        child_person_id=original.child_person_id,
        form_id=original.form_id,
        form_version=original.form_version,
        kind=original.kind,
        title=original.title,
        status="draft",
        answers=copy.deepcopy(dict(original.answers or {})),
        current_page=original.current_page,
        started_by=actor.name,
        started_at=utcnow(),
        completed_by="",
        completed_at=None,
        amends_id=original.id,
        descriptors_source=copy.deepcopy(dict(original.descriptors_source or {})),
    )
    return detail_of(session, row)


amend = amend_assessment


# ---------------------------------------------------------------- review


def review_assessment(session: Session, actor: Profile, request: ReviewRequest) -> AssessmentDetail:
    """A team lead signs off a completed assessment, or returns it with a
    comment the worker sees. Recorded with who and when; never changed."""
    if actor.role not in REVIEWER_ROLES:
        raise ReviewNotAllowed(
            "Only a team lead can sign off or return an assessment. Nothing was changed."
        )
    row = get_assessment(session, request.assessment_id)
    writable_family(session, row.family_id)
    if row.completed_at is None:
        raise ReviewNotAllowed(
            "This assessment is still a draft: it can be reviewed once it is completed."
        )
    if request.outcome not in REVIEW_OUTCOMES:
        raise ValidationFailed({"outcome": "Choose to sign the assessment off or return it."})
    comment = request.comment.strip()
    if request.outcome == "returned" and not comment:
        raise ValidationFailed(
            {"comment": "Say what needs to change, so the worker can put it right."}
        )
    reviews = reviews_of(session, [row.id]).get(row.id, [])
    if reviews and reviews[-1].outcome == "signed_off":
        last = reviews[-1]
        raise ReviewNotAllowed(
            f"This assessment was already signed off by {last.reviewer_name or last.reviewed_by} "
            f"on {uk(last.reviewed_at.astimezone(LONDON).date())}."
        )
    links = links_of(session, [row.id]).get(row.id)
    if links is not None and links.superseded:
        raise ReviewNotAllowed(
            "This assessment has been corrected by an amendment: review the amendment instead."
        )
    review_row = records.create(
        session,
        actor,
        AssessmentReview,
        family_id=row.family_id,
        assessment_id=row.id,
        outcome=request.outcome,
        comment=comment,
        reviewed_by=actor.username,
        reviewer_name=actor.name,
        reviewed_at=utcnow(),
    )
    records.audit(
        session, actor, "sign_off" if request.outcome == "signed_off" else "return", review_row
    )
    session.flush()
    return detail_of(session, row)


review = review_assessment
