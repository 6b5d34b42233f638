"""Step up to children's social care, and step down from it into early help.

**Step up**: when risk rises, the case is referred to children's social care
(the "front door"). Recorded: the reason, the date decided, the date
referred, the destination, and later the referral's outcome. The family's
level of need moves to the social-care level the caller names, through
:func:`app.families.households.change_level` (so the level history shows it, with the
reason and who decided), and its status becomes ``stepped_up``.

**Step down**: when risk falls, social care hands the family to early help.
Recorded: the reason, the date, where from/to, and the new lead professional
(and their agency), who becomes the family's lead professional. The level
moves to the early-help level the caller names, and the status is ``open``.
A family that arrives as a step-down with no level yet gets its first level
this way.

Both appear in the level history and the chronology. A closed family is
refused (:func:`app.casework.closure.writable_family`). Service functions take
``(session, actor, levels, request)`` and return frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.dates import today, uk
from app.errors import HearthError, NotFound, ValidationFailed
from app.families.households import LevelDecision, change_level
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile
from db.models import Family, StepChange

STEP_KINDS: dict[str, str] = {"step_up": "Step up", "step_down": "Step down"}

DEFAULT_STEP_UP_DESTINATION = "Children's social care front door"
DEFAULT_STEP_DOWN_DESTINATION = "Early help"


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class StepUpRequest:
    family_id: str
    to_level: str  # a social-care level (the caller chooses which)
    decided_on: dt.date
    reason: str
    referred_on: dt.date | None = None
    destination: str = DEFAULT_STEP_UP_DESTINATION
    new_lead_professional: str = ""  # e.g. the allocated social worker, if known
    new_lead_agency: str = ""
    decided_by: str = ""  # "" is the worker recording it


@dataclass(frozen=True)
class StepDownRequest:
    family_id: str
    to_level: str  # an early-help (not social-care) level
    decided_on: dt.date
    reason: str
    new_lead_professional: str
    new_lead_agency: str = ""
    referred_on: dt.date | None = None
    destination: str = DEFAULT_STEP_DOWN_DESTINATION
    decided_by: str = ""


@dataclass(frozen=True)
class ReferralOutcomeRequest:
    step_change_id: str
    outcome: str
    recorded_on: dt.date | None = None  # None: today


@dataclass(frozen=True)
class StepChangeData:
    id: str
    family_id: str
    kind: str
    decided_on: dt.date
    reason: str
    referred_on: dt.date | None
    destination: str
    referral_outcome: str
    referral_outcome_on: dt.date | None
    new_lead_professional: str
    new_lead_agency: str
    from_level: str
    to_level: str
    level_change_id: str | None
    decided_by: str
    version: int | None

    @property
    def kind_label(self) -> str:
        return STEP_KINDS.get(self.kind, self.kind)

    @property
    def awaiting_outcome(self) -> bool:
        """A step up whose referral outcome is not known yet."""
        return self.kind == "step_up" and not self.referral_outcome

    @property
    def title(self) -> str:
        arrow = "to" if self.kind == "step_up" else "into"
        return f"{self.kind_label} {arrow} {self.destination}" if self.destination else self.kind_label


def step_change_data(row: StepChange) -> StepChangeData:
    return StepChangeData(
        id=row.id,
        family_id=row.family_id,
        kind=row.kind,
        decided_on=row.decided_on,
        reason=row.reason,
        referred_on=row.referred_on,
        destination=row.destination,
        referral_outcome=row.referral_outcome,
        referral_outcome_on=row.referral_outcome_on,
        new_lead_professional=row.new_lead_professional,
        new_lead_agency=row.new_lead_agency,
        from_level=row.from_level,
        to_level=row.to_level,
        level_change_id=row.level_change_id,
        decided_by=row.decided_by,
        version=row.version,
    )


# ---------------------------------------------------------------- reading


def list_step_changes(
    session: Session, actor: Profile, family_id: str
) -> tuple[StepChangeData, ...]:
    """The family's step ups and downs, newest first."""
    family = session.get(Family, family_id)
    if family is None or family.deleted:
        raise NotFound("That family is no longer in this store.")
    rows = session.scalars(
        select(StepChange)
        .where(StepChange.family_id == family_id, StepChange.deleted.is_(False))
        .order_by(StepChange.decided_on.desc(), StepChange.updated_at.desc())
    )
    return tuple(step_change_data(r) for r in rows)


def load_step_change(session: Session, actor: Profile, step_change_id: str) -> StepChangeData:
    row = session.get(StepChange, step_change_id)
    if row is None or row.deleted:
        raise NotFound("That step up or step down is no longer in this store.")
    return step_change_data(row)


# ---------------------------------------------------------------- writing


def _common_problems(
    decided_on: dt.date, referred_on: dt.date | None, reason: str
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not reason.strip():
        problems["reason"] = "Say why: inspectors look for the reason for every step up or down."
    if decided_on > today():
        problems["decided_on"] = "A decision cannot be dated in the future."
    if referred_on is not None:
        if referred_on > today():
            problems["referred_on"] = "A referral cannot be dated in the future."
        elif referred_on < decided_on:
            problems["referred_on"] = (
                f"The decision was made on {uk(decided_on)}; the referral cannot be earlier."
            )
    return problems


def step_up(
    session: Session, actor: Profile, levels: LevelsOfNeed, request: StepUpRequest
) -> StepChangeData:
    """Step the family up to children's social care."""
    family = writable_family(session, request.family_id)
    problems = _common_problems(request.decided_on, request.referred_on, request.reason)
    target = levels.get(request.to_level)
    if target is None or not target.social_care:
        problems["to_level"] = "Choose the children's social care level the family is stepping up to."
    current = levels.current(family.level_code)
    if current is not None and current.social_care:
        problems["to_level"] = (
            f"The family is already at {current.short}, a children's social care level."
        )
    if not request.destination.strip():
        problems["destination"] = "Say where the family was referred."
    if problems:
        raise ValidationFailed(problems)
    return _record(session, actor, levels, family, "step_up", request)


def step_down(
    session: Session, actor: Profile, levels: LevelsOfNeed, request: StepDownRequest
) -> StepChangeData:
    """Step the family down from social care into early help, with its new lead professional."""
    family = writable_family(session, request.family_id)
    problems = _common_problems(request.decided_on, request.referred_on, request.reason)
    target = levels.get(request.to_level)
    if target is None or target.social_care:
        problems["to_level"] = "Choose the early help level the family is stepping down to."
    current = levels.current(family.level_code)
    if current is not None and not current.social_care:
        problems["to_level"] = (
            f"The family is at {current.short}, not a children's social care level, so there is "
            "nothing to step down from."
        )
    if not request.new_lead_professional.strip():
        problems["new_lead_professional"] = "Name the new lead professional."
    if problems:
        raise ValidationFailed(problems)
    return _record(session, actor, levels, family, "step_down", request)


def _record(
    session: Session,
    actor: Profile,
    levels: LevelsOfNeed,
    family: Family,
    kind: str,
    request: StepUpRequest | StepDownRequest,
) -> StepChangeData:
    """Write a checked step up or down: the level change, its step change row, and the
    family's new lead professional (if named) and status."""
    from_level = family.level_code
    decided_by = " ".join(request.decided_by.split()) or actor.name
    level_change_id = _change_level(session, actor, levels, family, kind, request, decided_by)
    lead = " ".join(request.new_lead_professional.split())
    lead_agency = " ".join(request.new_lead_agency.split())
    row = records.create(
        session,
        actor,
        StepChange,
        family_id=family.id,
        kind=kind,
        decided_on=request.decided_on,
        reason=request.reason.strip(),
        referred_on=request.referred_on,
        destination=" ".join(request.destination.split()),
        referral_outcome="",
        referral_outcome_on=None,
        new_lead_professional=lead,
        new_lead_agency=lead_agency,
        from_level=from_level,
        to_level=request.to_level,
        level_change_id=level_change_id,
        decided_by=decided_by,
    )
    _update_family(session, actor, family, kind, lead, lead_agency)
    return step_change_data(row)


def _change_level(
    session: Session,
    actor: Profile,
    levels: LevelsOfNeed,
    family: Family,
    kind: str,
    request: StepUpRequest | StepDownRequest,
    decided_by: str,
) -> str:
    """Move the family to the request's level (its level history); the level change's id."""
    change = change_level(
        session,
        actor,
        levels,
        LevelDecision(
            family_id=family.id,
            to_level=request.to_level,
            decided_on=request.decided_on,
            reason=request.reason.strip(),
            decided_by=decided_by,
        ),
    )
    if change.direction not in (kind, "initial"):
        raise HearthError(  # pragma: no cover - the checks above rule it out
            f"This change of level is not a {STEP_KINDS[kind].lower()}."
        )
    return change.id


def _update_family(
    session: Session, actor: Profile, family: Family, kind: str, lead: str, lead_agency: str
) -> None:
    """The family's new lead professional, if one is named, and its status."""
    if lead:
        records.update(
            session, actor, family, lead_professional=lead,
            lead_agency=lead_agency or family.lead_agency,
        )
    # change_level sets the status for a real step up or down; a family's first
    # level (one arriving from social care, say) gets it here.
    records.update(session, actor, family, status="stepped_up" if kind == "step_up" else "open")


def record_referral_outcome(
    session: Session, actor: Profile, request: ReferralOutcomeRequest
) -> StepChangeData:
    """The outcome of a step-up referral, once known (e.g. 'accepted for a child
    and family assessment')."""
    row = session.get(StepChange, request.step_change_id)
    if row is None or row.deleted:
        raise NotFound("That step up or step down is no longer in this store.")
    writable_family(session, row.family_id)
    outcome = request.outcome.strip()
    problems: dict[str, str] = {}
    if not outcome:
        problems["outcome"] = "Write the referral's outcome."
    on = request.recorded_on or today()
    if on > today():
        problems["recorded_on"] = "The outcome cannot be dated in the future."
    elif on < row.decided_on:
        problems["recorded_on"] = (
            f"The referral was decided on {uk(row.decided_on)}; its outcome cannot be earlier."
        )
    if problems:
        raise ValidationFailed(problems)
    records.update(session, actor, row, referral_outcome=outcome, referral_outcome_on=on)
    return step_change_data(row)


def step_up_with_outcome(
    session: Session,
    actor: Profile,
    levels: LevelsOfNeed,
    request: StepUpRequest,
    outcome: str,
    outcome_on: dt.date | None,
) -> StepChangeData:
    """Step up and, when the outcome is already known, record it: one transaction."""
    made = step_up(session, actor, levels, request)
    if outcome.strip():
        made = record_referral_outcome(
            session, actor, ReferralOutcomeRequest(made.id, outcome, outcome_on)
        )
    return made
