"""The declarative base and what every synced table shares.

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
    Boolean,
    DateTime,
    Integer,
    MetaData,
    String,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


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
