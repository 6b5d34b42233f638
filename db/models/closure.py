"""How a family's case moves on: a step up or down, a closure and a reopening.

Ordinary records: edited while the family is open (a closed family is read-only until
reopened; app.casework.closure checks that).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, SyncColumns, SyncSpec


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
