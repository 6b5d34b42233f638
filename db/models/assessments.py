"""Assessments (EHAT, GCP2, safety mapping...) and their reviews.

An assessment is final once completed (``final_when="completed_at"``): a draft is
edited freely (autosave), and the update that completes it is the last one. A
correction is a new assessment with ``amends_id`` set; the original stays. Sign-off
and return are not changes to the assessment: each is an append-only
AssessmentReview, and the status a person sees (signed off, returned) comes from the
latest review. The stored ``status`` is only ``draft`` or ``completed``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, SyncColumns, SyncSpec, UTCDateTime, utcnow


class Assessment(SyncColumns, Base):
    """One assessment (EHAT, GCP2, safety mapping...) with its answers as JSON.

    ``form_id`` and ``form_version`` name the exact definition it was made
    with; ``descriptors_source`` the descriptor files its grades used
    (``{set name: {"id": ..., "version": ...}}``).
    """

    __tablename__ = "assessment"
    __sync__ = SyncSpec(entity="assessment", family_key="family_id", final_when="completed_at")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    child_person_id: Mapped[str | None] = mapped_column(
        ForeignKey("person.id"), nullable=True, index=True
    )
    form_id: Mapped[str] = mapped_column(String(80))
    form_version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200), default="")
    # draft, completed (signed off / returned come from AssessmentReview)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    current_page: Mapped[str] = mapped_column(String(80), default="")
    started_by: Mapped[str] = mapped_column(String(120), default="")
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_by: Mapped[str] = mapped_column(String(120), default="")
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Not a foreign key on purpose: an original and its amendment often arrive in
    # the same pulled page, and sync parks a record whose parent is not stored yet.
    amends_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    descriptors_source: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AssessmentReview(SyncColumns, Base):
    """A team lead's sign-off or return of a completed assessment (append-only)."""

    __tablename__ = "assessment_review"
    __sync__ = SyncSpec(entity="assessment_review", family_key="family_id", append_only=True)

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessment.id"), index=True)
    # signed_off, returned
    outcome: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str] = mapped_column(String(120), default="")
    reviewer_name: Mapped[str] = mapped_column(String(120), default="")
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


Index("ix_assessment_family_kind", Assessment.family_id, Assessment.kind)
