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
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC instant, stored as naive UTC (SQLite has no zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc)


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


class SyncParked(Base):
    """A pulled record that cannot be stored yet because what it refers to (its
    family, say) arrives on a later page; it is stored as soon as that arrives."""

    __tablename__ = "sync_parked"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    family_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[dict[str, Any]] = mapped_column(JSON)
