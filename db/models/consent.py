"""Consent and its withdrawal.

Consent is append-only: a consent record is a statement of what was agreed on a day,
and nothing ever changes it. Withdrawing (all or part of it) is its own append-only
record, ConsentWithdrawal, pointing at the consent. The consent stays; its current
effect is worked out from both. (So "append-only once final" holds on every device and
on the server.)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, SyncColumns, SyncSpec


class Consent(SyncColumns, Base):
    """Consent given by a parent/carer or a young person; never changed once recorded."""

    __tablename__ = "consent"
    __sync__ = SyncSpec(entity="consent", family_key="family_id", append_only=True)

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    given_by_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    given_by_name: Mapped[str] = mapped_column(String(160), default="")
    capacity_note: Mapped[str] = mapped_column(Text, default="")
    scope_assess: Mapped[bool] = mapped_column(Boolean, default=False)
    share_agencies: Mapped[list[str]] = mapped_column(JSON, default=list)
    refer_services: Mapped[list[str]] = mapped_column(JSON, default=list)
    # signed_paper, verbal, electronic
    method: Mapped[str] = mapped_column(String(20))
    given_on: Mapped[dt.date] = mapped_column(Date)
    taken_by: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ConsentWithdrawal(SyncColumns, Base):
    """All or part of a consent withdrawn; the consent itself is kept as it was.

    ``scope`` is ``{"all": bool, "assess": bool, "share_agencies": [...],
    "refer_services": [...]}``: what this withdrawal takes back.
    """

    __tablename__ = "consent_withdrawal"
    __sync__ = SyncSpec(entity="consent_withdrawal", family_key="family_id", append_only=True)

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    consent_id: Mapped[str] = mapped_column(ForeignKey("consent.id"), index=True)
    withdrawn_on: Mapped[dt.date] = mapped_column(Date)
    withdrawn_by: Mapped[str] = mapped_column(String(160), default="")
    scope: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
