"""What the "Meetings & reviews" tab loads in one store task: the meetings, the review
interval and the plan (for a review)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.casework import meetings, plans
from app.casework.meetings import MeetingData
from app.casework.plan_data import PlanData
from app.reference.casework_settings import CaseworkSettings, load_casework_settings
from app.store.caseload_store import Profile


@dataclass(frozen=True)
class MeetingsScreen:
    meetings: tuple[MeetingData, ...]
    settings: CaseworkSettings
    plan: PlanData


def load_meetings_screen(session: Session, actor: Profile, family_id: str) -> MeetingsScreen:
    """One store task: the meetings, the review interval and the plan (for a review)."""
    return MeetingsScreen(
        meetings.list_meetings(session, actor, family_id),
        load_casework_settings(session),
        plans.load_plan(session, actor, family_id),
    )
