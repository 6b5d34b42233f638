"""Management oversight: a team lead's supervision of a family's case (an ordinary synced
record of the family: edited while the family is open)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, SyncColumns, SyncSpec


class Supervision(SyncColumns, Base):
    """One supervision of a family's case: what was discussed and decided, the actions
    agreed (each ``{"text", "owner", "due_on"}``), and when the next is due."""

    __tablename__ = "supervision"
    __sync__ = SyncSpec(entity="supervision", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    supervisor: Mapped[str] = mapped_column(String(120), default="")
    discussion: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    next_due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
