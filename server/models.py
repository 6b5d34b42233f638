"""Tables of the central sync service.

The service keeps every synced record as one generic row (entity, id, data as
JSON): a record type joins sync by its declaration in ``db.models`` and the
server has no code of its own per record type. Every accepted version is kept
in ``record_history``; every request is written to ``audit_log``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.models import NAMING_CONVENTION

# the client's column type, id and clock, re-exported: server modules take them from here
from db.models import UTCDateTime as UTCDateTime
from db.models import new_id as new_id
from db.models import utcnow as utcnow

# The store's conventions and UTC column type serve the service too: one definition.
ROLES = ("worker", "team_lead", "admin")
CHANGE_COUNTER = "change_seq"
DEVICE_COUNTER = "device_number"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Team(Base):
    __tablename__ = "team"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(Base):
    __tablename__ = "user_account"

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(ForeignKey("team.name"), nullable=True)
    gcp2_trained: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A deactivated account cannot enrol, and its devices are revoked (server.accounts).
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    deactivated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Device(Base):
    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(ForeignKey("user_account.username"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # 1, 2, 3... in the order devices enrol: it makes the family references a device
    # gives offline unique across the service (EH-012-00034).
    number: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The cursor of the device's last pull that reached the end, and when that was.
    last_cursor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LoginFailure(Base):
    """A failed (or still unchecked) enrolment attempt: which username, from which address.

    Counted over a window to lock an account or an address (server.throttle); rows older
    than the window are removed as new ones come.
    """

    __tablename__ = "login_failure"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


Index("ix_login_failure_username_at", LoginFailure.username, LoginFailure.at)
Index("ix_login_failure_address_at", LoginFailure.address, LoginFailure.at)


class Lockout(Base):
    """An account or a client address refused enrolment until ``until``.

    The row stays after it ends: failures before ``until`` no longer count.
    """

    __tablename__ = "lockout"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # "account" or "address"
    subject: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    locked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    until: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Allocation(Base):
    """Which worker (and so which team) holds a family."""

    __tablename__ = "allocation"

    family_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("user_account.username"), index=True)
    team: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    allocated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Record(Base):
    """The newest accepted state of one synced record."""

    __tablename__ = "record"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # The family the record belongs to (a family's own id for a family); null
    # for records outside any family, which belong to their owner.
    family_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    owner: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(BigInteger)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80))
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


# Covers the scope check at the end of a pull (count and digest over every record of
# the caller's families) without visiting the table; also serves lookups by family.
Index("ix_record_family_scope", Record.family_id, Record.entity, Record.id, Record.version)


class RecordHistory(Base):
    """Every accepted version of every record."""

    __tablename__ = "record_history"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(BigInteger)
    family_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(80))
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


Index(
    "ix_record_history_entity_record_version",
    RecordHistory.entity,
    RecordHistory.record_id,
    RecordHistory.version,
    unique=True,
)


# The device of an op taken before ops were kept per device (migration 0006): such an op
# is matched by its user instead.
LEGACY_DEVICE = ""


class AppliedOp(Base):
    """The result of every op taken, so that a repeated push is answered, not re-applied.

    Kept per device: an op id is the device's own, so another device's op with the
    same id is a different op."""

    __tablename__ = "applied_op"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    op_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Conflict(Base):
    """A field changed on two sides to different values (or a change the server could not take)."""

    __tablename__ = "conflict"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    family_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    field: Mapped[str] = mapped_column(String(80))
    base_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    local_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    server_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    # why it was raised: "conflict", "final", "deleted", "out_of_scope"
    reason: Mapped[str] = mapped_column(String(20), default="conflict")
    # who made the local value, and when they made it (on their device; else when it arrived)
    made_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    made_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    raised_by: Mapped[str] = mapped_column(String(80))
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(80), nullable=True)


class ScopeEvent(Base):
    """A family leaving someone's scope: their devices are told to purge it."""

    __tablename__ = "scope_event"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    family_id: Mapped[str] = mapped_column(String(36))
    username: Mapped[str] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="lost")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditLog(Base):
    """One row per request: who, which device, what, when, and the outcome. No personal data."""

    __tablename__ = "audit_log"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    username: Mapped[str | None] = mapped_column(String(80), nullable=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(200))
    status: Mapped[int] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")


# When a device was last seen (hearth-server devices).
Index("ix_audit_log_device_at", AuditLog.device_id, AuditLog.at)


class Counter(Base):
    """Named counters; ``change_seq`` orders every accepted change (pull cursors).

    A writer's changes take their numbers as its transaction commits, the row
    locked until the COMMIT is done (``server.db.number_on_commit``; on PostgreSQL
    the COMMIT itself numbers them, migration 0004), so sequence numbers become
    visible in order and a pull never skips a change. Until then a change's ``seq``
    is provisional and below zero.
    """

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class ReferenceData(Base):
    """Reference data clients pull: levels of need, agencies, form definitions (JSON blobs)."""

    __tablename__ = "reference_data"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    data: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
