"""Meetings and the family plan: what is going well, needs, outcomes, SMART actions,
snapshots.

Meetings and plan strengths, needs, outcomes and actions are ordinary records: edited while the
family is open (a closed family is read-only until reopened; app.casework.closure
checks that). PlanSnapshot is append-only: what the whole plan said when it was taken
(at a review), so the plan keeps its history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, SyncColumns, SyncSpec


class Meeting(SyncColumns, Base):
    """A Family Action Meeting, Team Around the Family meeting or a review.

    ``attendees`` is a list of ``{"name", "person_id" (or null), "agency" (or
    null), "role", "attended": bool}``; invited but absent is attended false.
    """

    __tablename__ = "meeting"
    __sync__ = SyncSpec(entity="meeting", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    # family_action_meeting, taf, review
    kind: Mapped[str] = mapped_column(String(30))
    held_on: Mapped[dt.date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(200), default="")
    chair: Mapped[str] = mapped_column(String(160), default="")
    attendees: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    family_views: Mapped[str] = mapped_column(Text, default="")
    child_views: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    next_review_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")


class PlanStrength(SyncColumns, Base):
    """Something going well for the family, written in the plan itself in the worker's
    words (the plan opens with these, before what needs to change)."""

    __tablename__ = "plan_strength"
    __sync__ = SyncSpec(entity="plan_strength", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class PlanNeed(SyncColumns, Base):
    """A need in the family plan, linked to the assessment that found it."""

    __tablename__ = "plan_need"
    __sync__ = SyncSpec(entity="plan_need", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # health, education, housing, income, relationships, safety, wellbeing
    domain: Mapped[str] = mapped_column(String(30), default="")
    assessment_id: Mapped[str | None] = mapped_column(
        ForeignKey("assessment.id"), nullable=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class PlanOutcome(SyncColumns, Base):
    """What the family wants to be different, in the family's own words."""

    __tablename__ = "plan_outcome"
    __sync__ = SyncSpec(entity="plan_outcome", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("plan_need.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class PlanAction(SyncColumns, Base):
    """A SMART action towards an outcome: who does what by when, and how it is going.

    The owner is a person in the family (``owner_kind`` person, ``owner_id`` a
    person id) or an agency (``owner_kind`` agency, ``owner_id`` an agency
    involvement id, or none with just ``owner_name``). ``owner_name`` keeps the
    name as it was when chosen.
    """

    __tablename__ = "plan_action"
    __sync__ = SyncSpec(entity="plan_action", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("plan_outcome.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # person, agency, or "" (no owner yet)
    owner_kind: Mapped[str] = mapped_column(String(10), default="")
    owner_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    owner_name: Mapped[str] = mapped_column(String(160), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # not_started, on_track, achieved, not_achieved, no_longer_needed
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    progress_note: Mapped[str] = mapped_column(Text, default="")
    domain: Mapped[str] = mapped_column(String(30), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Set when the action came from a visit's follow-up (which one, by index).
    from_visit_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    from_follow_up: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PlanSnapshot(SyncColumns, Base):
    """The whole plan as it stood when taken (at a review); never changed."""

    __tablename__ = "plan_snapshot"
    __sync__ = SyncSpec(entity="plan_snapshot", family_key="family_id", append_only=True)

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    meeting_id: Mapped[str | None] = mapped_column(
        ForeignKey("meeting.id"), nullable=True, index=True
    )
    taken_on: Mapped[dt.date] = mapped_column(Date)
    taken_by: Mapped[str] = mapped_column(String(120), default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
