"""SQLAlchemy models of the local, encrypted caseload store, one module per domain.

Import the models from here (``from db.models import Family``): these are the package's
public names. A new synced record type goes in its domain's module and in
``SYNCED_MODELS`` (``synced.py``).
"""

from db.models.assessments import Assessment, AssessmentReview
from db.models.base import (
    NAMING_CONVENTION,
    Base,
    SyncColumns,
    SyncSpec,
    UTCDateTime,
    new_id,
    utcnow,
)
from db.models.bookkeeping import STORE_MARKER, AuditEvent, OutboxOp, StoreMeta
from db.models.chronology import ChronologyEntry
from db.models.closure import Closure, StepChange
from db.models.consent import Consent, ConsentWithdrawal
from db.models.drafts import FormDraft
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
from db.models.sync_state import SyncConflict, SyncParked, SyncPurgeDue, SyncSetAside
from db.models.synced import SYNCED_MODELS, synced_model
from db.models.visits import Visit, VisitAddendum

__all__ = [
    "NAMING_CONVENTION",
    "STORE_MARKER",
    "SYNCED_MODELS",
    "AgencyInvolvement",
    "Assessment",
    "AssessmentReview",
    "AuditEvent",
    "Base",
    "ChronologyEntry",
    "Closure",
    "Consent",
    "ConsentWithdrawal",
    "Family",
    "FormDraft",
    "LevelChange",
    "Meeting",
    "OutboxOp",
    "Person",
    "PlanAction",
    "PlanNeed",
    "PlanOutcome",
    "PlanSnapshot",
    "PlanStrength",
    "StepChange",
    "StoreMeta",
    "Supervision",
    "SyncColumns",
    "SyncConflict",
    "SyncParked",
    "SyncPurgeDue",
    "SyncSetAside",
    "SyncSpec",
    "UTCDateTime",
    "Visit",
    "VisitAddendum",
    "new_id",
    "synced_model",
    "utcnow",
]
