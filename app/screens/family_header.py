"""What the family header's casework buttons load: the latest closure and
the step changes, and what closing a family needs."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.casework import closure, step_changes
from app.casework.closure import ClosureData, OpenOutcome
from app.casework.step_changes import StepChangeData
from app.reference.casework_settings import CaseworkSettings, load_casework_settings
from app.store.caseload_store import Profile


def closure_and_steps(
    session: Session, actor: Profile, family_id: str
) -> tuple[ClosureData | None, tuple[StepChangeData, ...]]:
    """The latest closure and the step changes (for the header), in one store task."""
    return (
        closure.latest_closure(session, actor, family_id),
        step_changes.list_step_changes(session, actor, family_id),
    )


def closing_data(
    session: Session, actor: Profile, family_id: str
) -> tuple[tuple[OpenOutcome, ...], CaseworkSettings]:
    """The plan's outcomes (for a closure) and the casework settings, in one store task."""
    return (
        closure.outcomes_to_close(session, actor, family_id),
        load_casework_settings(session),
    )
