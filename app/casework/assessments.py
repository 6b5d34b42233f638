"""Assessments made with the forms engine: starting, autosaving drafts,
completing, amending, and a team lead's sign-off or return.

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
assess (:class:`ConsentRequired`), and a GCP2 only by a worker whose profile
is marked as trained (:class:`Gcp2NotTrained`).

**Autosave** (:func:`save_draft`) writes only when something changed. Each
change goes through :mod:`app.records.writes` (outbox op and audit event), and then
is folded into the draft's earlier outbox op if that has not been sent yet
(the sync engine would merge them before pushing anyway; doing it at once
keeps a long typing session offline to one op per draft, not thousands). In
the same way the audit keeps one "update" event per draft per
:data:`AUDIT_FOLD_MINUTES` of editing (the record's ``updated_at`` and
``updated_by`` always show the latest save). Ops and events already sent are
never touched.

Service functions take ``(session, actor, request[, registry])`` and return
frozen dataclasses; they run on the store's worker thread. The form registry
(``app.forms.loader.FormRegistry``) is passed in by the caller, who loaded it
once; imported GCP2 descriptors are added from the store
(:func:`app.forms.gcp2_descriptors.registry_with_imported`).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.casework.consent import ConsentRequired, require_consent_to_assess
from app.dates import uk
from app.errors import HearthError, NotFound, RecordFinal, ValidationFailed
from app.forms.answers import (
    field_id_of,
    first_page_with_problems,
    validate_answers,
    visible_answers,
)
from app.forms.definition import DescriptorSet, FormDefinition, Option, reference_options
from app.forms.gcp2_descriptors import registry_with_imported
from app.forms.loader import FormRegistry
from app.forms.scoring import (
    AreaProfile,
    GradeChange,
    ScalingSeries,
    profile,
    profile_change,
    scaling_series,
)
from app.records import writes as records
from app.records.live import live_family
from app.store.caseload_store import Profile, read_meta
from app.sync.status import META_SENT_UPTO
from db.models import (
    Assessment,
    AssessmentReview,
    AuditEvent,
    OutboxOp,
    Person,
    SyncConflict,
    utcnow,
)

__all__ = [
    "ASSESSMENT_STATUSES",
    "AssessmentDetail",
    "AssessmentIncomplete",
    "AssessmentSummary",
    "CompleteAssessment",
    "CompletionResult",
    "ConsentRequired",
    "DraftSave",
    "DraftSaved",
    "FormNotLoaded",
    "Gcp2Change",
    "Gcp2NotTrained",
    "NewAssessment",
    "ReviewData",
    "ReviewNotAllowed",
    "ReviewRequest",
    "amend",
    "amend_assessment",
    "complete_assessment",
    "descriptors_for_assessment",
    "discard_draft",
    "family_people",
    "form_for",
    "gcp2_change",
    "latest_assessment",
    "latest_gcp2_for_child",
    "list_assessments",
    "load_assessment",
    "previous_gcp2",
    "review",
    "review_assessment",
    "save_draft",
    "scaling_history",
    "start_assessment",
]

ASSESSMENT_STATUSES: dict[str, str] = {
    "draft": "Draft",
    "completed": "Completed",
    "signed_off": "Signed off",
    "returned": "Returned",
}

REVIEW_OUTCOMES: dict[str, str] = {"signed_off": "Signed off", "returned": "Returned"}

# Who may review (sign off or return) a completed assessment.
REVIEWER_ROLES: tuple[str, ...] = ("team_lead",)

# Autosaves of one draft within this many minutes share one audit event.
AUDIT_FOLD_MINUTES = 15

GCP2_KIND = "gcp2"
SAFETY_KIND = "signs_of_safety"
LONDON = ZoneInfo("Europe/London")


# ---------------------------------------------------------------- errors


class Gcp2NotTrained(HearthError):
    def __init__(self) -> None:
        super().__init__(
            "Graded Care Profile 2 may only be used by practitioners trained in it, and your "
            "profile is not marked as GCP2-trained. If you have been trained, ask your "
            "administrator to record it; your profile updates when you next connect."
        )


class ReviewNotAllowed(HearthError):
    pass


class FormNotLoaded(HearthError):
    def __init__(self, form_id: str, version: int) -> None:
        super().__init__(
            f"This assessment was made with version {version} of the form {form_id!r}, which "
            "is not loaded on this computer, so it cannot be shown or checked. Ask your "
            "administrator to put that form file back (old versions must be kept)."
        )


class AssessmentIncomplete(ValidationFailed):
    """Completion found problems: ``problems`` maps field paths to messages,
    ``labels`` the same paths to the question as the worker sees it, and
    ``first_page`` is the page to take them to."""

    def __init__(self, form: FormDefinition, problems: Mapping[str, str]) -> None:
        super().__init__(dict(problems))
        self.labels = {path: problem_label(form, path) for path in problems}
        self.first_page = first_page_with_problems(form, problems)
        shown = [f"{self.labels[p]}: {m}" for p, m in list(problems.items())[:6]]
        more = len(problems) - len(shown)
        self.message = (
            "This assessment cannot be completed yet. "
            + " ".join(s if s.endswith(".") else s + "." for s in shown)
            + (f" (and {more} more)" if more > 0 else "")
        )
        self.args = (self.message,)


def problem_label(form: FormDefinition, path: str) -> str:
    """A problem path (``scaling[1].score``) as the worker reads it
    (``Scaling, row 2: Score``)."""
    top = field_id_of(path)
    try:
        label = form.field(top).label
    except KeyError:
        return path
    if "[" not in path:
        return label
    row_part = path[len(top) :]
    try:
        row = int(row_part[1 : row_part.index("]")])
    except ValueError:
        return label
    label = f"{label}, row {row + 1}"
    _, _, sub = row_part.partition("].")
    if sub:
        try:
            label = f"{label}: {form.field(sub).label}"
        except KeyError:
            label = f"{label}: {sub}"
    return label


# ---------------------------------------------------------------- plain data


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
    answers. ``options`` are the named option lists (``reference_options``);
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


# ---------------------------------------------------------------- helpers


def _jsonable(value: Any) -> Any:
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
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    raise TypeError(f"an answer of type {type(value).__name__} cannot be stored")


def _get(session: Session, assessment_id: str) -> Assessment:
    row = session.get(Assessment, assessment_id)
    if row is None or row.deleted:
        raise NotFound("That assessment is no longer in this store.")
    return row



def _name(person: Person | None) -> str:
    if person is None:
        return ""
    name = f"{person.given_name} {person.family_name}".strip()
    if not name and person.role == "unborn":
        return "Unborn baby"
    return name


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


def form_for(registry: FormRegistry, assessment: AssessmentSummary) -> FormDefinition:
    """The exact form version an assessment was made with."""
    try:
        return registry.get(assessment.form_id, assessment.form_version)
    except KeyError:
        raise FormNotLoaded(assessment.form_id, assessment.form_version) from None


def _form(registry: FormRegistry, row: Assessment) -> FormDefinition:
    try:
        return registry.get(row.form_id, row.form_version)
    except KeyError:
        raise FormNotLoaded(row.form_id, row.form_version) from None


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


def _review(r: AssessmentReview) -> ReviewData:
    return ReviewData(
        id=r.id,
        assessment_id=r.assessment_id,
        outcome=r.outcome,
        comment=r.comment,
        reviewed_by=r.reviewed_by,
        reviewer_name=r.reviewer_name,
        reviewed_at=r.reviewed_at,
    )


def _reviews_of(session: Session, ids: Sequence[str]) -> dict[str, list[ReviewData]]:
    out: dict[str, list[ReviewData]] = {}
    if not ids:
        return out
    for r in session.scalars(
        select(AssessmentReview).where(
            AssessmentReview.assessment_id.in_(list(ids)), AssessmentReview.deleted.is_(False)
        )
    ):
        out.setdefault(r.assessment_id, []).append(_review(r))
    for items in out.values():
        items.sort(key=lambda r: (r.reviewed_at, r.id))
    return out


def _status(row: Assessment, reviews: Sequence[ReviewData]) -> str:
    if row.completed_at is None:
        return "draft"
    if reviews:
        return reviews[-1].outcome
    return "completed"


@dataclass(frozen=True)
class _Links:
    amended_by: str | None
    superseded: bool


def _links(session: Session, ids: Sequence[str]) -> dict[str, _Links]:
    """For each assessment: its latest amendment and whether one is completed."""
    found: dict[str, list[tuple[dt.datetime, str, bool]]] = {}
    if ids:
        for rid, amends, started, completed in session.execute(
            select(Assessment.id, Assessment.amends_id, Assessment.started_at, Assessment.completed_at)
            .where(Assessment.amends_id.in_(list(ids)), Assessment.deleted.is_(False))
        ):
            found.setdefault(str(amends), []).append((started, rid, completed is not None))
    out: dict[str, _Links] = {}
    for original, items in found.items():
        items.sort()
        out[original] = _Links(amended_by=items[-1][1], superseded=any(done for *_, done in items))
    return out


def _summary_values(
    row: Assessment,
    child: Person | None,
    reviews: Sequence[ReviewData],
    links: _Links | None,
) -> dict[str, Any]:
    return {
        "id": row.id,
        "family_id": row.family_id,
        "form_id": row.form_id,
        "form_version": row.form_version,
        "kind": row.kind,
        "title": row.title,
        "child_person_id": row.child_person_id,
        "child_name": _name(child),
        "status": _status(row, reviews),
        "started_by": row.started_by,
        "started_at": row.started_at,
        "completed_by": row.completed_by,
        "completed_at": row.completed_at,
        "amends_id": row.amends_id,
        "amended_by_id": links.amended_by if links else None,
        "superseded": links.superseded if links else False,
        "latest_review": reviews[-1] if reviews else None,
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }


def _detail(session: Session, row: Assessment) -> AssessmentDetail:
    child = session.get(Person, row.child_person_id) if row.child_person_id else None
    reviews = _reviews_of(session, [row.id]).get(row.id, [])
    links = _links(session, [row.id]).get(row.id)
    return AssessmentDetail(
        **_summary_values(row, child, reviews, links),
        answers=copy.deepcopy(dict(row.answers or {})),
        current_page=row.current_page,
        descriptors_source=copy.deepcopy(dict(row.descriptors_source or {})),
        reviews=tuple(reviews),
        version=row.version,
    )


def _sent_upto(session: Session) -> int:
    try:
        return int(read_meta(session, META_SENT_UPTO, "0") or 0)
    except ValueError:
        return 0


def _fold_unsent(session: Session, actor: Profile, row: Assessment) -> None:
    """Merge this draft's never-sent outbox ops into its earliest never-sent
    one, and drop the audit event just written when one for the same editing
    stretch is still unsent (see the module's notes)."""
    session.flush()
    sent_upto = _sent_upto(session)
    entity = row.__sync__.entity
    ops = list(
        session.scalars(
            select(OutboxOp)
            .where(
                OutboxOp.entity == entity, OutboxOp.entity_id == row.id, OutboxOp.seq > sent_upto
            )
            .order_by(OutboxOp.seq)
        )
    )
    if len(ops) > 1:
        first, rest = ops[0], ops[1:]
        fields = dict(first.fields or {})
        deleted = first.deleted
        for op in rest:
            fields.update(op.fields or {})
            deleted = deleted or op.deleted
            session.execute(
                update(SyncConflict)
                .where(SyncConflict.resolve_op_id == op.op_id)
                .values(resolve_op_id=first.op_id)
            )
            session.delete(op)
        first.fields = fields
        first.deleted = deleted
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_id == row.id,
                AuditEvent.actor == actor.username,
                AuditEvent.action == "update",
            )
            .order_by(AuditEvent.at.desc())
            .limit(2)
        )
    )
    if len(events) < 2:
        return
    newest, earlier = events
    if newest.at - earlier.at > dt.timedelta(minutes=AUDIT_FOLD_MINUTES):
        return
    earlier_op = session.scalar(
        select(OutboxOp).where(
            OutboxOp.entity == earlier.__sync__.entity,
            OutboxOp.entity_id == earlier.id,
            OutboxOp.seq > sent_upto,
        )
    )
    newest_op = session.scalar(
        select(OutboxOp).where(
            OutboxOp.entity == newest.__sync__.entity,
            OutboxOp.entity_id == newest.id,
            OutboxOp.seq > sent_upto,
        )
    )
    if earlier_op is None or newest_op is None:
        return  # the earlier event has been sent: keep both
    session.delete(newest_op)
    session.delete(newest)


def _check_gcp2(actor: Profile, kind: str) -> None:
    if kind == GCP2_KIND and not actor.gcp2_trained:
        raise Gcp2NotTrained()


def _first_page(form: FormDefinition) -> str:
    return form.pages[0].id if form.pages else ""


# ---------------------------------------------------------------- starting and drafts


def start_assessment(
    session: Session, actor: Profile, request: NewAssessment, registry: FormRegistry
) -> AssessmentDetail:
    """Start a draft. Refuses a GCP2 for a worker not trained in it, and any
    assessment without the family's current consent to assess."""
    form = request.form
    family = writable_family(session, request.family_id)
    _check_gcp2(actor, form.kind)
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
        current_page=_first_page(form),
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
    return _detail(session, row)


def _refuse_final(row: Assessment) -> None:
    if row.completed_at is not None:
        raise RecordFinal(
            f"This assessment was completed on {uk(row.completed_at.astimezone(LONDON).date())}"
            f"{' by ' + row.completed_by if row.completed_by else ''}, so its answers can no "
            "longer change. To correct it, make an amendment."
        )


def save_draft(session: Session, actor: Profile, request: DraftSave) -> DraftSaved:
    """Autosave a draft's answers and page; writes nothing if neither changed."""
    row = _get(session, request.assessment_id)
    writable_family(session, row.family_id)
    _refuse_final(row)
    if not isinstance(request.answers, Mapping):
        raise TypeError("answers must be a mapping of field ids to answers")
    answers = _jsonable(request.answers)
    page = (request.current_page or row.current_page)[:80]
    changed = records.update(session, actor, row, answers=answers, current_page=page)
    if changed:
        _fold_unsent(session, actor, row)
    return DraftSaved(assessment_id=row.id, changed=bool(changed), saved_at=row.updated_at)


def discard_draft(session: Session, actor: Profile, assessment_id: str) -> None:
    """Delete a draft nobody needs (a tombstone; completed ones are never deleted)."""
    row = _get(session, assessment_id)
    writable_family(session, row.family_id)
    _refuse_final(row)
    records.mark_deleted(session, actor, row)


# ---------------------------------------------------------------- completing


def complete_assessment(
    session: Session, actor: Profile, request: CompleteAssessment, registry: FormRegistry
) -> CompletionResult:
    """Check the whole form against the assessment's own form version, then
    record who completed it and when; its answers are final after this.

    On problems raises :class:`AssessmentIncomplete` (nothing is written:
    autosave the draft first)."""
    row = _get(session, request.assessment_id)
    writable_family(session, row.family_id)
    _refuse_final(row)
    form = _form(registry, row)
    answers = _jsonable(request.answers if request.answers is not None else (row.answers or {}))
    options = request.options if request.options is not None else reference_options()
    problems = validate_answers(
        form, answers, options=options, people=family_people(session, row.family_id)
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
    _fold_unsent(session, actor, row)
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
        assessment=_detail(session, row),
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
    original = _get(session, assessment_id)
    writable_family(session, original.family_id)
    if original.completed_at is None:
        raise HearthError(
            "This assessment is still a draft: change it directly, no amendment is needed."
        )
    links = _links(session, [original.id]).get(original.id)
    if links is not None:
        latest = _get(session, links.amended_by) if links.amended_by else None
        if latest is not None and latest.completed_at is None:
            return _detail(session, latest)
        if links.superseded:
            raise HearthError(
                "This assessment has already been corrected by a completed amendment. "
                "Open the amendment and amend that instead."
            )
    _check_gcp2(actor, original.kind)
    if registry is not None:
        _form(registry, original)
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
    return _detail(session, row)


amend = amend_assessment


# ---------------------------------------------------------------- review


def review_assessment(session: Session, actor: Profile, request: ReviewRequest) -> AssessmentDetail:
    """A team lead signs off a completed assessment, or returns it with a
    comment the worker sees. Recorded with who and when; never changed."""
    if actor.role not in REVIEWER_ROLES:
        raise ReviewNotAllowed(
            "Only a team lead can sign off or return an assessment. Nothing was changed."
        )
    row = _get(session, request.assessment_id)
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
    reviews = _reviews_of(session, [row.id]).get(row.id, [])
    if reviews and reviews[-1].outcome == "signed_off":
        last = reviews[-1]
        raise ReviewNotAllowed(
            f"This assessment was already signed off by {last.reviewer_name or last.reviewed_by} "
            f"on {uk(last.reviewed_at.astimezone(LONDON).date())}."
        )
    links = _links(session, [row.id]).get(row.id)
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
    return _detail(session, row)


review = review_assessment


# ---------------------------------------------------------------- reading


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
    reviews = _reviews_of(session, ids)
    links = _links(session, ids)
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
                child_name=_name(people.get(r.child_person_id or "")),
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
    row = _get(session, assessment_id)
    records.audit(session, actor, "open", row)
    return _detail(session, row)


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
    links = _links(session, [r.id for r in rows])
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
    return _detail(session, rows[-1]) if rows else None


def latest_gcp2_for_child(
    session: Session, actor: Profile, child_person_id: str
) -> AssessmentDetail | None:
    """The child's latest completed GCP2 (an amended one counts as its amendment)."""
    rows = _current_completed(
        session, Assessment.child_person_id == child_person_id, Assessment.kind == GCP2_KIND
    )
    return _detail(session, rows[-1]) if rows else None


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
    row = _get(session, assessment_id)
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
    return _detail(session, rows[-1]) if rows else None


def gcp2_change(
    session: Session, actor: Profile, assessment_id: str, registry: FormRegistry
) -> Gcp2Change:
    """The profile of a GCP2 and, if the child had one before, the change
    since (each rendered with its own form version)."""
    row = _get(session, assessment_id)
    current = _detail(session, row)
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
    for row in _current_completed(session, Assessment.family_id == family_id, Assessment.kind == kind):
        try:
            form = registry.get(row.form_id, row.form_version)
        except KeyError:
            continue
        when = (row.completed_at or utcnow()).astimezone(LONDON).date()
        mappings.append((when, form, dict(row.answers or {})))
    return scaling_series(mappings)
