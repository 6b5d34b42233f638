"""What a worker has typed into a dialog and not yet saved: kept in the encrypted store as
they type, so a crash or a flat battery loses at most the last second. Local only: a
draft is never synced (it becomes a record when the worker saves it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime, utcnow


class FormDraft(Base):
    """One dialog's unsaved input, by ``key`` (say ``visit:new:<family id>``)."""

    __tablename__ = "form_draft"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    family_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
