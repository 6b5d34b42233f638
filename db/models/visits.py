"""Visits and contacts, and the addenda that correct a final one.

A visit is final once ``finalised_at`` is set: by the worker, or 24 hours after it was
recorded (app.casework.visits sets it; any read treats an older one as final
already). A correction is an append-only VisitAddendum. A *planned* visit
(``planned``) is a diary entry: editable until it is recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, SyncColumns, SyncSpec, UTCDateTime, utcnow


class Visit(SyncColumns, Base):
    """A visit or contact; final once ``finalised_at`` is set.

    ``seen`` lists person ids; ``children_seen`` is ``[{"person_id", "seen":
    bool, "seen_alone": bool}]``, and for an unborn baby also ``"pregnancy": bool``
    (whether the pregnancy was talked about; a baby is never seen); ``follow_ups`` a
    list of texts.
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


Index("ix_visit_family_occurred", Visit.family_id, Visit.occurred_at)
