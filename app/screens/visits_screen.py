"""What the Visits tab loads in one store task: the family's visits, and how many
hours a record stays open to changes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.casework import visits
from app.casework.visit_data import VisitData
from app.reference.casework_settings import load_casework_settings
from app.store.caseload_store import Profile


def load_visits_screen(
    session: Session, actor: Profile, family_id: str
) -> tuple[tuple[VisitData, ...], int]:
    """One store task: the family's visits, and how many hours a record stays open."""
    return (
        visits.list_visits(session, actor, family_id),
        load_casework_settings(session).visit_final_hours,
    )
