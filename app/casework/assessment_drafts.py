"""Starting an assessment and its draft: the gates (consent to assess, GCP2 training), the
autosave that writes only what changed (folded to one unsent op and audit event per stretch of
editing), and discarding a draft nobody needs."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from app.casework.assessment_data import (
    GCP2_KIND,
    LONDON,
    AssessmentDetail,
    DraftSave,
    DraftSaved,
    NewAssessment,
)
from app.casework.assessment_errors import Gcp2NotTrained
from app.casework.assessment_rows import detail_of, get_assessment
from app.casework.closure import writable_family
from app.casework.consent import require_consent_to_assess
from app.dates import uk
from app.errors import HearthError, RecordFinal, ValidationFailed
from app.forms.definition import FormDefinition
from app.forms.gcp2_descriptors import registry_with_imported
from app.forms.loader import FormRegistry
from app.records import writes as records
from app.store.caseload_store import Profile
from db.models import Assessment, Person, utcnow

# Autosaves of one draft within this many minutes share one audit event.
AUDIT_FOLD_MINUTES = 15


def jsonable(value: Any) -> Any:
    """Answers as plain JSON (dates as ISO text, tuples as lists)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("an answer cannot be NaN or infinite")
        return value
    if isinstance(value, dt.datetime):
        raise TypeError("answers hold dates, not date-times")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    raise TypeError(f"an answer of type {type(value).__name__} cannot be stored")


def check_gcp2(actor: Profile, kind: str) -> None:
    if kind == GCP2_KIND and not actor.gcp2_trained:
        raise Gcp2NotTrained()


# A team lead's audit of the record: not an assessment of the family (no consent asked),
# and only for those who audit.
AUDIT_KIND = "case_audit"
AUDITING_ROLES = frozenset({"team_lead", "administrator"})


class NotAnAuditor(HearthError):
    def __init__(self) -> None:
        super().__init__("Only a team lead or an administrator audits a family's record.")


def first_page(form: FormDefinition) -> str:
    return form.pages[0].id if form.pages else ""



def start_assessment(
    session: Session, actor: Profile, request: NewAssessment, registry: FormRegistry
) -> AssessmentDetail:
    """Start a draft. Refuses a GCP2 for a worker not trained in it, and any
    assessment without the family's current consent to assess."""
    form = request.form
    family = writable_family(session, request.family_id)
    check_gcp2(actor, form.kind)
    if form.kind == AUDIT_KIND:
        if actor.role not in AUDITING_ROLES:
            raise NotAnAuditor()
    else:
        require_consent_to_assess(session, family.id)
    child: Person | None = None
    if request.child_person_id:
        child = session.get(Person, request.child_person_id)
        if child is None or child.deleted or child.family_id != family.id:
            raise ValidationFailed({"child_person_id": "Choose a child in this family."})
        if child.role not in ("child", "unborn"):
            raise ValidationFailed(
                {"child_person_id": f"{form.title} is about a child: choose a child."}
            )
    elif form.per_child:
        raise ValidationFailed(
            {"child_person_id": f"{form.title} is about one child: choose which child."}
        )
    full = registry_with_imported(session, registry)
    used = full.descriptors_used(form)
    row = records.create(
        session,
        actor,
        Assessment,
        family_id=family.id,
        child_person_id=child.id if child is not None else None,
        form_id=form.id,
        form_version=form.version,
        kind=form.kind,
        title=form.title[:200],
        status="draft",
        answers={},
        current_page=first_page(form),
        started_by=actor.name,
        started_at=utcnow(),
        completed_by="",
        completed_at=None,
        amends_id=None,
        descriptors_source={
            name: {"id": chosen.id, "version": chosen.version, "title": chosen.title,
                   "licensed": chosen.licensed}
            for name, chosen in used.items()
        },
    )
    return detail_of(session, row)


def refuse_final(row: Assessment) -> None:
    if row.completed_at is not None:
        raise RecordFinal(
            f"This assessment was completed on {uk(row.completed_at.astimezone(LONDON).date())}"
            f"{' by ' + row.completed_by if row.completed_by else ''}, so its answers can no "
            "longer change. To correct it, make an amendment."
        )


def save_draft(session: Session, actor: Profile, request: DraftSave) -> DraftSaved:
    """Autosave a draft's answers and page; writes nothing if neither changed."""
    row = get_assessment(session, request.assessment_id)
    writable_family(session, row.family_id)
    refuse_final(row)
    if not isinstance(request.answers, Mapping):
        raise TypeError("answers must be a mapping of field ids to answers")
    answers = jsonable(request.answers)
    page = (request.current_page or row.current_page)[:80]
    changed = records.update(session, actor, row, answers=answers, current_page=page)
    if changed:
        records.fold_unsent(session, actor, row, AUDIT_FOLD_MINUTES)
    return DraftSaved(assessment_id=row.id, changed=bool(changed), saved_at=row.updated_at)


def discard_draft(session: Session, actor: Profile, assessment_id: str) -> None:
    """Delete a draft nobody needs (a tombstone; completed ones are never deleted)."""
    row = get_assessment(session, assessment_id)
    writable_family(session, row.family_id)
    refuse_final(row)
    records.mark_deleted(session, actor, row)
