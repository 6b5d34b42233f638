"""What sync keeps on this device between runs: changes the service did not take as
they were (a person decides), pulled records parked or set aside, purges due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime, new_id, utcnow


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
