"""Significant events a worker adds to a family's chronology by hand (an ordinary
record: edited while the family is open)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, SyncColumns, SyncSpec


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
