"""The store's own bookkeeping: the audit trail, the outbox of changes waiting for the
central service, and key/value facts about the store."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, SyncColumns, SyncSpec, UTCDateTime, new_id, utcnow

STORE_MARKER = "hearth-caseload-store"


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
