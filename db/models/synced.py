"""Every synced record type, in the order sync takes them, and a look-up by wire name."""

from __future__ import annotations

from db.models.assessments import Assessment, AssessmentReview
from db.models.base import SyncColumns
from db.models.bookkeeping import AuditEvent
from db.models.chronology import ChronologyEntry
from db.models.closure import Closure, StepChange
from db.models.consent import Consent, ConsentWithdrawal
from db.models.families import AgencyInvolvement, Family, LevelChange, Person
from db.models.plans import (
    Meeting,
    PlanAction,
    PlanNeed,
    PlanOutcome,
    PlanSnapshot,
    PlanStrength,
)
from db.models.supervision import Supervision
from db.models.visits import Visit, VisitAddendum

SYNCED_MODELS: tuple[type[SyncColumns], ...] = (
    Family,
    Person,
    AgencyInvolvement,
    LevelChange,
    AuditEvent,
    Consent,
    ConsentWithdrawal,
    Assessment,
    AssessmentReview,
    Meeting,
    PlanNeed,
    PlanOutcome,
    PlanAction,
    PlanSnapshot,
    Visit,
    VisitAddendum,
    ChronologyEntry,
    StepChange,
    Closure,
    Supervision,
    PlanStrength,
)


def synced_model(entity: str) -> type[SyncColumns]:
    for model in SYNCED_MODELS:
        if model.__sync__.entity == entity:
            return model
    raise KeyError(entity)
