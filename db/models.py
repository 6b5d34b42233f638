"""SQLAlchemy models of the local, encrypted caseload store.

Every table that syncs with the central service carries the sync columns of
:class:`SyncColumns` and declares how it takes part in sync with a
:class:`SyncSpec` in ``__sync__``; the sync machinery reads those declarations
and has no code of its own per record type.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STORE_MARKER = "hearth-caseload-store"


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC instant, stored as naive UTC (SQLite has no zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


@dataclass(frozen=True)
class SyncSpec:
    """How a record type takes part in sync.

    entity: the name used on the wire and in the outbox.
    family_key: the attribute holding the family id (scope), or "id" for the
        family itself.
    append_only: every record of this type is final once written.
    final_when: the name of an attribute; once it is truthy the record is
        final: append-only, corrected only by a new, linked record.
    """

    entity: str
    family_key: str
    append_only: bool = False
    final_when: str | None = None

    def is_final(self, record: object) -> bool:
        if self.append_only:
            return True
        return bool(self.final_when and getattr(record, self.final_when, None))


class SyncColumns:
    """The columns every synced table carries."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    __sync__: ClassVar[SyncSpec]

    # Columns that are bookkeeping, not content: never sent as changed fields.
    SYNC_BOOKKEEPING: ClassVar[frozenset[str]] = frozenset(
        {"id", "version", "updated_at", "updated_by", "deleted"}
    )


class Family(SyncColumns, Base):
    __tablename__ = "family"
    __sync__ = SyncSpec(entity="family", family_key="id")

    reference: Mapped[str] = mapped_column(String(32), unique=True)
    family_name: Mapped[str] = mapped_column(String(120))
    address_line1: Mapped[str] = mapped_column(String(200), default="")
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    contact_notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    level_code: Mapped[str] = mapped_column(String(40), default="")
    lead_professional: Mapped[str] = mapped_column(String(120), default="")
    lead_agency: Mapped[str] = mapped_column(String(120), default="")
    allocated_to: Mapped[str] = mapped_column(String(80), default="")
    request_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    request_source: Mapped[str] = mapped_column(String(40), default="")
    request_reason: Mapped[str] = mapped_column(Text, default="")
    last_contact: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    next_review: Mapped[dt.date | None] = mapped_column(Date, nullable=True)

    people: Mapped[list[Person]] = relationship(back_populates="family")


class Person(SyncColumns, Base):
    __tablename__ = "person"
    __sync__ = SyncSpec(entity="person", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    # child, unborn, parent_carer, significant_adult
    role: Mapped[str] = mapped_column(String(30))
    given_name: Mapped[str] = mapped_column(String(80), default="")
    family_name: Mapped[str] = mapped_column(String(80), default="")
    relationship_to_child: Mapped[str] = mapped_column(String(80), default="")
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    expected_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    gender: Mapped[str] = mapped_column(String(40), default="")
    ethnicity: Mapped[str] = mapped_column(String(80), default="")
    language: Mapped[str] = mapped_column(String(60), default="")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    school_or_setting: Mapped[str] = mapped_column(String(160), default="")
    nhs_number: Mapped[str] = mapped_column(String(12), default="")

    family: Mapped[Family] = relationship(back_populates="people")


class AgencyInvolvement(SyncColumns, Base):
    __tablename__ = "agency_involvement"
    __sync__ = SyncSpec(entity="agency_involvement", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    agency: Mapped[str] = mapped_column(String(120))
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_role: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")


class LevelChange(SyncColumns, Base):
    """One decision about a family's level of need; the history is all of them."""

    __tablename__ = "level_change"
    __sync__ = SyncSpec(entity="level_change", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    from_level: Mapped[str] = mapped_column(String(40), default="")
    to_level: Mapped[str] = mapped_column(String(40))
    # initial, step_up, step_down, up, down
    direction: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(120), default="")


class AuditEvent(SyncColumns, Base):
    """Who did what, when. Written in the same transaction as the change."""

    __tablename__ = "audit_event"
    __sync__ = SyncSpec(entity="audit_event", family_key="family_id", append_only=True)

    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(36), default="")
    family_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class OutboxOp(Base):
    """A local change waiting to be acknowledged by the central service."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    family_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    base_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoreMeta(Base):
    """Key/value facts about this store: its marker, the worker's profile, settings."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


Index("ix_family_status_level", Family.status, Family.level_code)

SYNCED_MODELS: tuple[type[SyncColumns], ...] = (
    Family,
    Person,
    AgencyInvolvement,
    LevelChange,
    AuditEvent,
)


def synced_model(entity: str) -> type[SyncColumns]:
    for model in SYNCED_MODELS:
        if model.__sync__.entity == entity:
            return model
    raise KeyError(entity)


# ---------------------------------------------------------------- sync (client)


class SyncConflict(Base):
    """A change the central service did not take as it was: a person decides.

    ``reason`` is ``conflict`` (the same field changed here and on the server to
    different values; the server kept its value) or why a change was rejected
    (``final``, ``deleted``, ``out_of_scope``). ``from_server`` says the id is the
    server's conflict id, so resolving it tells the server too.
    """

    __tablename__ = "sync_conflict"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    family_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    field: Mapped[str] = mapped_column(String(80))
    base_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    local_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    server_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # open, resolved
    status: Mapped[str] = mapped_column(String(20), default="open")
    reason: Mapped[str] = mapped_column(String(40), default="conflict")
    from_server: Mapped[bool] = mapped_column(Boolean, default=True)
    resolve_op_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by: Mapped[str] = mapped_column(String(80), default="")
    # Who made the change and when, as the server tells it (a change made by another
    # worker, say one who no longer holds the family); null when not known.
    made_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    made_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SyncParked(Base):
    """A pulled record that cannot be stored yet because what it refers to (its
    family, say) arrives on a later page; it is stored as soon as that arrives."""

    __tablename__ = "sync_parked"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    family_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[dict[str, Any]] = mapped_column(JSON)


class SyncSetAside(Base):
    """A pulled record this store could not hold (a value that does not fit its declared
    type, or a database constraint refused it): kept as it came, in the encrypted store,
    so nothing is lost and the rest of the sync carries on. ``problem`` names the field
    and what is wrong, never the value. A newer version from the server is tried again."""

    __tablename__ = "sync_set_aside"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    family_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    version: Mapped[int] = mapped_column(Integer)
    problem: Mapped[str] = mapped_column(String(300))
    change: Mapped[dict[str, Any]] = mapped_column(JSON)
    set_aside_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncPurgeDue(Base):
    """A family the server said to purge while this store still held changes to it that
    the server had not yet taken: it is purged once they are all acknowledged."""

    __tablename__ = "sync_purge_due"

    family_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    named_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


# ---------------------------------------------------------------- consent and assessments
#
# What is final, and how corrections are made (so that "append-only once final"
# holds on every device and on the server):
#
# * Consent is append-only: a consent record is a statement of what was agreed
#   on a day, and nothing ever changes it. Withdrawing (all or part of it) is
#   its own append-only record, ConsentWithdrawal, pointing at the consent. The
#   consent stays; its current effect is worked out from both.
# * Assessment is final once completed (``final_when="completed_at"``): a draft
#   is edited freely (autosave), and the update that completes it is the last
#   one. A correction is a new assessment with ``amends_id`` set; the original
#   stays. Sign-off and return are not changes to the assessment: each is an
#   append-only AssessmentReview, and the status a person sees (signed off,
#   returned) comes from the latest review. The stored ``status`` is only
#   ``draft`` or ``completed``.


class Consent(SyncColumns, Base):
    """Consent given by a parent/carer or a young person; never changed once recorded."""

    __tablename__ = "consent"
    __sync__ = SyncSpec(entity="consent", family_key="family_id", append_only=True)

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    given_by_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    given_by_name: Mapped[str] = mapped_column(String(160), default="")
    capacity_note: Mapped[str] = mapped_column(Text, default="")
    scope_assess: Mapped[bool] = mapped_column(Boolean, default=False)
    share_agencies: Mapped[list[str]] = mapped_column(JSON, default=list)
    refer_services: Mapped[list[str]] = mapped_column(JSON, default=list)
    # signed_paper, verbal, electronic
    method: Mapped[str] = mapped_column(String(20))
    given_on: Mapped[dt.date] = mapped_column(Date)
    taken_by: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ConsentWithdrawal(SyncColumns, Base):
    """All or part of a consent withdrawn; the consent itself is kept as it was.

    ``scope`` is ``{"all": bool, "assess": bool, "share_agencies": [...],
    "refer_services": [...]}``: what this withdrawal takes back.
    """

    __tablename__ = "consent_withdrawal"
    __sync__ = SyncSpec(entity="consent_withdrawal", family_key="family_id", append_only=True)

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    consent_id: Mapped[str] = mapped_column(ForeignKey("consent.id"), index=True)
    withdrawn_on: Mapped[dt.date] = mapped_column(Date)
    withdrawn_by: Mapped[str] = mapped_column(String(160), default="")
    scope: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Assessment(SyncColumns, Base):
    """One assessment (EHAT, GCP2, safety mapping...) with its answers as JSON.

    ``form_id`` and ``form_version`` name the exact definition it was made
    with; ``descriptors_source`` the descriptor files its grades used
    (``{set name: {"id": ..., "version": ...}}``).
    """

    __tablename__ = "assessment"
    __sync__ = SyncSpec(entity="assessment", family_key="family_id", final_when="completed_at")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    child_person_id: Mapped[str | None] = mapped_column(
        ForeignKey("person.id"), nullable=True, index=True
    )
    form_id: Mapped[str] = mapped_column(String(80))
    form_version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200), default="")
    # draft, completed (signed off / returned come from AssessmentReview)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    current_page: Mapped[str] = mapped_column(String(80), default="")
    started_by: Mapped[str] = mapped_column(String(120), default="")
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_by: Mapped[str] = mapped_column(String(120), default="")
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Not a foreign key on purpose: an original and its amendment often arrive in
    # the same pulled page, and sync parks a record whose parent is not stored yet.
    amends_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    descriptors_source: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AssessmentReview(SyncColumns, Base):
    """A team lead's sign-off or return of a completed assessment (append-only)."""

    __tablename__ = "assessment_review"
    __sync__ = SyncSpec(entity="assessment_review", family_key="family_id", append_only=True)

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessment.id"), index=True)
    # signed_off, returned
    outcome: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str] = mapped_column(String(120), default="")
    reviewer_name: Mapped[str] = mapped_column(String(120), default="")
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


Index("ix_assessment_family_kind", Assessment.family_id, Assessment.kind)

SYNCED_MODELS = SYNCED_MODELS + (Consent, ConsentWithdrawal, Assessment, AssessmentReview)


# ---------------------------------------------------------------- casework: meetings to closure
#
# What is final, and how corrections are made:
#
# * Meetings, plan needs/outcomes/actions, manual chronology entries, step
#   changes and closures are ordinary records: edited while the family is open
#   (a closed family is read-only until reopened; app.casework.closure checks that).
# * PlanSnapshot is append-only: what the whole plan said when it was taken
#   (at a review), so the plan keeps its history.
# * Visit is final once ``finalised_at`` is set: by the worker, or 24 hours
#   after it was recorded (app.casework.visits sets it; any read treats an older one as
#   final already). A correction is an append-only VisitAddendum. A *planned*
#   visit (``planned``) is a diary entry: editable until it is recorded.


class Meeting(SyncColumns, Base):
    """A Family Action Meeting, Team Around the Family meeting or a review.

    ``attendees`` is a list of ``{"name", "person_id" (or null), "agency" (or
    null), "role", "attended": bool}``; invited but absent is attended false.
    """

    __tablename__ = "meeting"
    __sync__ = SyncSpec(entity="meeting", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    # family_action_meeting, taf, review
    kind: Mapped[str] = mapped_column(String(30))
    held_on: Mapped[dt.date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(200), default="")
    chair: Mapped[str] = mapped_column(String(160), default="")
    attendees: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    family_views: Mapped[str] = mapped_column(Text, default="")
    child_views: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    next_review_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")


class PlanNeed(SyncColumns, Base):
    """A need in the family plan, linked to the assessment that found it."""

    __tablename__ = "plan_need"
    __sync__ = SyncSpec(entity="plan_need", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # health, education, housing, income, relationships, safety, wellbeing
    domain: Mapped[str] = mapped_column(String(30), default="")
    assessment_id: Mapped[str | None] = mapped_column(
        ForeignKey("assessment.id"), nullable=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class PlanOutcome(SyncColumns, Base):
    """What the family wants to be different, in the family's own words."""

    __tablename__ = "plan_outcome"
    __sync__ = SyncSpec(entity="plan_outcome", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("plan_need.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class PlanAction(SyncColumns, Base):
    """A SMART action towards an outcome: who does what by when, and how it is going.

    The owner is a person in the family (``owner_kind`` person, ``owner_id`` a
    person id) or an agency (``owner_kind`` agency, ``owner_id`` an agency
    involvement id, or none with just ``owner_name``). ``owner_name`` keeps the
    name as it was when chosen.
    """

    __tablename__ = "plan_action"
    __sync__ = SyncSpec(entity="plan_action", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("plan_outcome.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # person, agency, or "" (no owner yet)
    owner_kind: Mapped[str] = mapped_column(String(10), default="")
    owner_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    owner_name: Mapped[str] = mapped_column(String(160), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # not_started, on_track, achieved, not_achieved, no_longer_needed
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    progress_note: Mapped[str] = mapped_column(Text, default="")
    domain: Mapped[str] = mapped_column(String(30), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Set when the action came from a visit's follow-up (which one, by index).
    from_visit_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    from_follow_up: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PlanSnapshot(SyncColumns, Base):
    """The whole plan as it stood when taken (at a review); never changed."""

    __tablename__ = "plan_snapshot"
    __sync__ = SyncSpec(entity="plan_snapshot", family_key="family_id", append_only=True)

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    meeting_id: Mapped[str | None] = mapped_column(
        ForeignKey("meeting.id"), nullable=True, index=True
    )
    taken_on: Mapped[dt.date] = mapped_column(Date)
    taken_by: Mapped[str] = mapped_column(String(120), default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Visit(SyncColumns, Base):
    """A visit or contact; final once ``finalised_at`` is set.

    ``seen`` lists person ids; ``children_seen`` is ``[{"person_id", "seen":
    bool, "seen_alone": bool}]``; ``follow_ups`` a list of texts.
    """

    __tablename__ = "visit"
    __sync__ = SyncSpec(entity="visit", family_key="family_id", final_when="finalised_at")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # home_visit, school, clinic, phone, video, other
    kind: Mapped[str] = mapped_column(String(20))
    # A planned visit is a diary entry, not yet a record of contact.
    planned: Mapped[bool] = mapped_column(Boolean, default=False)
    seen: Mapped[list[str]] = mapped_column(JSON, default=list)
    children_seen: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    child_words: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    follow_ups: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")
    recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finalised_by: Mapped[str] = mapped_column(String(120), default="")
    finalised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class VisitAddendum(SyncColumns, Base):
    """A correction or addition to a final visit record (append-only)."""

    __tablename__ = "visit_addendum"
    __sync__ = SyncSpec(entity="visit_addendum", family_key="family_id", append_only=True)

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(120), default="")


class ChronologyEntry(SyncColumns, Base):
    """A significant event the worker adds to the chronology by hand."""

    __tablename__ = "chronology_entry"
    __sync__ = SyncSpec(entity="chronology_entry", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    event: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(160), default="")
    impact_on_child: Mapped[str] = mapped_column(Text, default="")
    significant: Mapped[bool] = mapped_column(Boolean, default=True)
    child_person_id: Mapped[str | None] = mapped_column(
        ForeignKey("person.id"), nullable=True, index=True
    )
    recorded_by: Mapped[str] = mapped_column(String(120), default="")


class StepChange(SyncColumns, Base):
    """A step up to children's social care or a step down into early help."""

    __tablename__ = "step_change"
    __sync__ = SyncSpec(entity="step_change", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    # step_up, step_down
    kind: Mapped[str] = mapped_column(String(10))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    referred_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    destination: Mapped[str] = mapped_column(String(160), default="")
    referral_outcome: Mapped[str] = mapped_column(Text, default="")
    referral_outcome_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    new_lead_professional: Mapped[str] = mapped_column(String(120), default="")
    new_lead_agency: Mapped[str] = mapped_column(String(120), default="")
    from_level: Mapped[str] = mapped_column(String(40), default="")
    to_level: Mapped[str] = mapped_column(String(40), default="")
    level_change_id: Mapped[str | None] = mapped_column(
        ForeignKey("level_change.id"), nullable=True
    )
    decided_by: Mapped[str] = mapped_column(String(120), default="")


class Closure(SyncColumns, Base):
    """A family's case closed (and, later, perhaps reopened).

    ``outcomes_achieved`` is ``[{"outcome_id", "text", "achieved": "yes" |
    "partly" | "no", "note"}]``: how far each plan outcome was achieved.
    """

    __tablename__ = "closure"
    __sync__ = SyncSpec(entity="closure", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    closed_on: Mapped[dt.date] = mapped_column(Date)
    # needs_met, stepped_up, moved_out_of_area, consent_withdrawn, disengaged, other
    reason: Mapped[str] = mapped_column(String(30))
    reason_detail: Mapped[str] = mapped_column(Text, default="")
    outcomes_achieved: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    family_feedback: Mapped[str] = mapped_column(Text, default="")
    child_feedback: Mapped[str] = mapped_column(Text, default="")
    closed_by: Mapped[str] = mapped_column(String(120), default="")
    reopened_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reopen_reason: Mapped[str] = mapped_column(Text, default="")
    reopened_by: Mapped[str] = mapped_column(String(120), default="")
    is_rereferral: Mapped[bool] = mapped_column(Boolean, default=False)


Index("ix_visit_family_occurred", Visit.family_id, Visit.occurred_at)

SYNCED_MODELS = SYNCED_MODELS + (
    Meeting,
    PlanNeed,
    PlanOutcome,
    PlanAction,
    PlanSnapshot,
    Visit,
    VisitAddendum,
    ChronologyEntry,
    StepChange,
    Closure,
)
