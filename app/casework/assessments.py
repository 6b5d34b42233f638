"""Assessments made with the forms engine, and reading them: a family's list, one
assessment, the latest of a kind, a GCP2's change since the last, a safety map's scaling.

Beside this module: :mod:`~app.casework.assessment_data` (requests and results),
:mod:`~app.casework.assessment_errors`, :mod:`~app.casework.assessment_rows` (rows read
into data), :mod:`~app.casework.assessment_drafts` (starting and autosave) and
:mod:`~app.casework.assessment_completion` (completing, amending, sign-off).

**The records** (see ``db.models``): an :class:`~db.models.Assessment` keeps
``form_id`` and ``form_version`` (the exact definition it renders and
validates with, for ever), its answers as JSON, the page the worker was on,
who started and completed it, and for graded forms the descriptor files it
used (``descriptors_source``). It is a draft until completed; completing is its
last change (``final_when="completed_at"``): its answers cannot change after,
on this device or on the server. A correction is an **amendment**: a new draft
with ``amends_id`` pointing at the original, answers copied; the original
stays visible, and once the amendment is completed the original is
*superseded* (no longer the current one for comparisons or reviews).

**Sign-off** is not a change to the assessment: a team lead's decision is its
own append-only :class:`~db.models.AssessmentReview` (signed off, or returned
with a comment for the worker). The status people see is worked out:
``draft``; ``completed`` (awaiting review); otherwise the latest review's
outcome, ``signed_off`` or ``returned``. A returned assessment is put right by
an amendment, which is completed and reviewed in its turn.

**Gates**: an assessment cannot start without the family's current consent to
assess (:class:`~app.casework.consent_data.ConsentRequired`), and a GCP2 only by a
worker whose profile is marked as trained (:class:`~app.casework.assessment_errors.Gcp2NotTrained`).

**Autosave** (:func:`~app.casework.assessment_drafts.save_draft`) writes only when
something changed. Each change goes through :mod:`app.records.writes` (outbox op and
audit event), and then is folded (:func:`app.records.writes.fold_unsent`) into the draft's earlier outbox op if that has not been sent yet
(the sync engine would merge them before pushing anyway; doing it at once
keeps a long typing session offline to one op per draft, not thousands). In
the same way the audit keeps one "update" event per draft per
:data:`~app.casework.assessment_drafts.AUDIT_FOLD_MINUTES` of editing (the record's
``updated_at`` and ``updated_by`` always show the latest save). Ops and events already sent are
never touched.

Service functions take ``(session, actor, request[, registry])`` and return
frozen dataclasses; they run on the store's worker thread. The form registry
(``app.forms.loader.FormRegistry``) is passed in by the caller, who loaded it
once; imported GCP2 descriptors are added from the store
(:func:`app.forms.gcp2_descriptors.registry_with_imported`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_data import (
    GCP2_KIND,
    LONDON,
    SAFETY_KIND,
    AssessmentDetail,
    AssessmentSummary,
    Gcp2Change,
)
from app.casework.assessment_errors import FormNotLoaded
from app.casework.assessment_rows import (
    detail_of,
    get_assessment,
    links_of,
    person_name,
    reviews_of,
)
from app.forms.definition import DescriptorSet, FormDefinition
from app.forms.gcp2_descriptors import registry_with_imported
from app.forms.loader import FormRegistry
from app.forms.scoring import ScalingSeries, profile, profile_change, scaling_series
from app.records import writes as records
from app.records.live import live_family
from app.store.caseload_store import Profile
from db.models import Assessment, Person, utcnow


def family_people(session: Session, family_id: str) -> dict[str, str]:
    """Each person in the family (id -> role code): what person answers are checked against."""
    return {
        pid: role
        for pid, role in session.execute(
            select(Person.id, Person.role).where(
                Person.family_id == family_id, Person.deleted.is_(False)
            )
        )
    }


def family_births(session: Session, family_id: str) -> dict[str, tuple[dt.date, str]]:
    """Each person's date of birth and name (those with a date of birth): what a date that
    may not be before a child's birth is checked against."""
    return {
        pid: (born, f"{given} {family}".strip())
        for pid, born, given, family in session.execute(
            select(Person.id, Person.date_of_birth, Person.given_name, Person.family_name).where(
                Person.family_id == family_id,
                Person.deleted.is_(False),
                Person.date_of_birth.is_not(None),
            )
        )
        if born is not None
    }


def form_for(registry: FormRegistry, assessment: AssessmentSummary) -> FormDefinition:
    """The exact form version an assessment was made with."""
    try:
        return registry.get(assessment.form_id, assessment.form_version)
    except KeyError:
        raise FormNotLoaded(assessment.form_id, assessment.form_version) from None


def descriptors_for_assessment(
    session: Session, registry: FormRegistry, assessment: AssessmentDetail
) -> dict[str, DescriptorSet]:
    """The descriptor sets to render an assessment's grades with: the files it
    recorded when it was started (imported ones included); for a set it did
    not record, or whose file is gone, the set in use now."""
    full = registry_with_imported(session, registry)
    out = dict(full.active_descriptors())
    for name, source in (assessment.descriptors_source or {}).items():
        if not isinstance(source, Mapping):
            continue
        try:
            out[name] = full.descriptor_file(str(source.get("id")), int(source.get("version", 0)))
        except (KeyError, TypeError, ValueError):
            continue
    return out


_SUMMARY_COLUMNS = (
    Assessment.id,
    Assessment.family_id,
    Assessment.form_id,
    Assessment.form_version,
    Assessment.kind,
    Assessment.title,
    Assessment.child_person_id,
    Assessment.status,
    Assessment.started_by,
    Assessment.started_at,
    Assessment.completed_by,
    Assessment.completed_at,
    Assessment.amends_id,
    Assessment.updated_at,
    Assessment.updated_by,
)


def list_assessments(
    session: Session, actor: Profile, family_id: str
) -> tuple[AssessmentSummary, ...]:
    """Every assessment of a family (newest started first): type, child,
    status, dates and author. Answers are not loaded."""
    live_family(session, family_id)
    rows = list(
        session.execute(
            select(*_SUMMARY_COLUMNS)
            .where(Assessment.family_id == family_id, Assessment.deleted.is_(False))
            .order_by(Assessment.started_at.desc())
        )
    )
    ids = [r.id for r in rows]
    reviews = reviews_of(session, ids)
    links = links_of(session, ids)
    people = {
        p.id: p
        for p in session.scalars(select(Person).where(Person.family_id == family_id))
    }
    out = []
    for r in rows:
        own_reviews = reviews.get(r.id, [])
        link = links.get(r.id)
        out.append(
            AssessmentSummary(
                id=r.id,
                family_id=r.family_id,
                form_id=r.form_id,
                form_version=r.form_version,
                kind=r.kind,
                title=r.title,
                child_person_id=r.child_person_id,
                child_name=person_name(people.get(r.child_person_id or "")),
                status=(
                    "draft"
                    if r.completed_at is None
                    else own_reviews[-1].outcome if own_reviews else "completed"
                ),
                started_by=r.started_by,
                started_at=r.started_at,
                completed_by=r.completed_by,
                completed_at=r.completed_at,
                amends_id=r.amends_id,
                amended_by_id=link.amended_by if link else None,
                superseded=link.superseded if link else False,
                latest_review=own_reviews[-1] if own_reviews else None,
                updated_at=r.updated_at,
                updated_by=r.updated_by,
            )
        )
    return tuple(out)


def load_assessment(session: Session, actor: Profile, assessment_id: str) -> AssessmentDetail:
    """One assessment with its answers, status and reviews; opening it is audited."""
    row = get_assessment(session, assessment_id)
    records.audit(session, actor, "open", row)
    return detail_of(session, row)


def _current_completed(
    session: Session, *conditions: Any
) -> list[Assessment]:
    """Completed, not superseded assessments matching ``conditions``, oldest completed first."""
    rows = list(
        session.scalars(
            select(Assessment).where(
                Assessment.deleted.is_(False), Assessment.completed_at.is_not(None), *conditions
            )
        )
    )
    links = links_of(session, [r.id for r in rows])
    rows = [r for r in rows if not (links.get(r.id) and links[r.id].superseded)]
    rows.sort(key=lambda r: (r.completed_at or utcnow(), r.id))
    return rows


def latest_assessment(
    session: Session,
    actor: Profile,
    family_id: str,
    kind: str,
    child_person_id: str | None = None,
) -> AssessmentDetail | None:
    """The family's (or child's) latest completed, current assessment of a
    kind, e.g. the safety mapping the three-column map shows."""
    conditions = [Assessment.family_id == family_id, Assessment.kind == kind]
    if child_person_id is not None:
        conditions.append(Assessment.child_person_id == child_person_id)
    rows = _current_completed(session, *conditions)
    return detail_of(session, rows[-1]) if rows else None


def latest_gcp2_for_child(
    session: Session, actor: Profile, child_person_id: str
) -> AssessmentDetail | None:
    """The child's latest completed GCP2 (an amended one counts as its amendment)."""
    rows = _current_completed(
        session, Assessment.child_person_id == child_person_id, Assessment.kind == GCP2_KIND
    )
    return detail_of(session, rows[-1]) if rows else None


def _amends_chain(session: Session, row: Assessment) -> set[str]:
    chain: set[str] = set()
    current: Assessment | None = row
    while current is not None and current.amends_id and current.amends_id not in chain:
        chain.add(current.amends_id)
        current = session.get(Assessment, current.amends_id)
    return chain


def previous_gcp2(session: Session, actor: Profile, assessment_id: str) -> AssessmentDetail | None:
    """The same child's GCP2 before this one (for "change since then"): the
    latest completed, current one finished before this one was (before now,
    for a draft), leaving out the one this corrects."""
    row = get_assessment(session, assessment_id)
    if row.child_person_id is None:
        return None
    cutoff = row.completed_at or utcnow()
    skip = _amends_chain(session, row) | {row.id}
    rows = [
        r
        for r in _current_completed(
            session, Assessment.child_person_id == row.child_person_id, Assessment.kind == row.kind
        )
        if r.id not in skip and r.completed_at is not None and r.completed_at < cutoff
    ]
    return detail_of(session, rows[-1]) if rows else None


def gcp2_change(
    session: Session, actor: Profile, assessment_id: str, registry: FormRegistry
) -> Gcp2Change:
    """The profile of a GCP2 and, if the child had one before, the change
    since (each rendered with its own form version)."""
    row = get_assessment(session, assessment_id)
    current = detail_of(session, row)
    now_profile = profile(form_for(registry, current), current.answers)
    before = previous_gcp2(session, actor, assessment_id)
    if before is None:
        return Gcp2Change(assessment_id, now_profile, None, None, (), ())
    then_profile = profile(form_for(registry, before), before.answers)
    return Gcp2Change(
        assessment_id=assessment_id,
        profile=now_profile,
        previous_id=before.id,
        previous_completed_at=before.completed_at,
        previous_profile=then_profile,
        changes=profile_change(then_profile, now_profile),
    )


def scaling_history(
    session: Session,
    actor: Profile,
    family_id: str,
    registry: FormRegistry,
    kind: str = SAFETY_KIND,
) -> tuple[ScalingSeries, ...]:
    """Each participant's 0-10 scaling across the family's completed safety
    mappings, dated by completion (UK date); each mapping read with its own
    form version. Mappings whose form is not loaded are left out."""
    live_family(session, family_id)
    mappings = []
    completed = _current_completed(
        session, Assessment.family_id == family_id, Assessment.kind == kind
    )
    for row in completed:
        try:
            form = registry.get(row.form_id, row.form_version)
        except KeyError:
            continue
        when = (row.completed_at or utcnow()).astimezone(LONDON).date()
        mappings.append((when, form, dict(row.answers or {})))
    return scaling_series(mappings)
