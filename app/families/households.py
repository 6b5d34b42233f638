"""Families, the people in them, the agencies involved and their level of need.

Service functions take ``(session, actor, request)`` and return plain
dataclasses; they run on the store's worker thread (see ``ui.shell.task_runner``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.dates import today
from app.errors import ValidationFailed
from app.families.family_records import remove_family_record, save_family_record
from app.families.personal_details import EMAIL, POSTCODE, nhs_number_valid
from app.records import writes as records
from app.records.live import live_family
from app.reference.choices import (
    ADULT_ONLY_RELATIONSHIPS,
    FAMILY_STATUSES,
    PERSON_ROLES,
    REQUEST_SOURCES,
)
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, read_meta
from db.models import AgencyInvolvement, Family, LevelChange, Person

# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class PersonData:
    id: str | None
    family_id: str
    role: str
    given_name: str
    family_name: str = ""
    relationship_to_child: str = ""
    date_of_birth: dt.date | None = None
    expected_date: dt.date | None = None
    gender: str = ""
    ethnicity: str = ""
    language: str = ""
    interpreter_needed: bool = False
    school_or_setting: str = ""
    nhs_number: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True)
class AgencyData:
    id: str | None
    family_id: str
    agency: str
    contact_name: str = ""
    contact_role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class LevelChangeData:
    id: str
    decided_on: dt.date
    from_level: str
    to_level: str
    direction: str
    reason: str
    decided_by: str


@dataclass(frozen=True)
class FamilyData:
    """The editable facts of a family (id None for a new one)."""

    id: str | None
    family_name: str
    reference: str = ""
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    contact_notes: str = ""
    lead_professional: str = ""
    lead_agency: str = ""
    allocated_to: str = ""
    request_date: dt.date | None = None
    request_source: str = ""
    request_reason: str = ""
    status: str = "open"
    level_code: str = ""


@dataclass(frozen=True)
class FamilyDetail:
    family: FamilyData
    version: int | None
    updated_at: dt.datetime
    updated_by: str
    members: tuple[PersonData, ...]
    agencies: tuple[AgencyData, ...]
    level_history: tuple[LevelChangeData, ...]
    last_contact: dt.date | None = None
    next_review: dt.date | None = None
    children: tuple[PersonData, ...] = field(default=())


FAMILY_FIELDS = [f for f in FamilyData.__dataclass_fields__ if f != "id"]
PERSON_FIELDS = [f for f in PersonData.__dataclass_fields__ if f not in ("id",)]
AGENCY_FIELDS = [f for f in AgencyData.__dataclass_fields__ if f not in ("id",)]


def _person(p: Person) -> PersonData:
    return PersonData(id=p.id, **{k: getattr(p, k) for k in PERSON_FIELDS})


def _agency(a: AgencyInvolvement) -> AgencyData:
    return AgencyData(id=a.id, **{k: getattr(a, k) for k in AGENCY_FIELDS})


def _family(f: Family) -> FamilyData:
    return FamilyData(id=f.id, **{k: getattr(f, k) for k in FAMILY_FIELDS})


# ---------------------------------------------------------------- validation


def validate_family(data: FamilyData) -> None:
    problems: dict[str, str] = {}
    if not data.family_name.strip():
        problems["family_name"] = "Enter the family's name."
    if data.postcode and not POSTCODE.match(data.postcode.strip().upper()):
        problems["postcode"] = "This is not a UK postcode (for example WA7 5AB)."
    if data.email and not EMAIL.match(data.email.strip()):
        problems["email"] = "This is not an email address."
    if data.request_date and data.request_date > today():
        problems["request_date"] = "The request for help cannot be dated in the future."
    if data.request_source and data.request_source not in REQUEST_SOURCES:
        problems["request_source"] = "Choose where the request came from."
    if data.status not in FAMILY_STATUSES:
        problems["status"] = "Unknown status."
    if problems:
        raise ValidationFailed(problems)


def validate_person(data: PersonData) -> None:
    problems: dict[str, str] = {}
    now = today()
    if data.role not in PERSON_ROLES:
        problems["role"] = "Choose who this is in the family."
    if not data.given_name.strip() and data.role != "unborn":
        problems["given_name"] = "Enter a first name."
    if data.role == "unborn":
        if data.expected_date is None:
            problems["expected_date"] = "Enter the baby's due date."
        elif data.expected_date < now - dt.timedelta(days=60):
            problems["expected_date"] = (
                "This due date has passed; record the baby as a child with a date of birth."
            )
        elif data.expected_date > now + dt.timedelta(days=300):
            problems["expected_date"] = "A due date is at most about 40 weeks away."
        relationship = data.relationship_to_child.strip()
        if relationship.casefold() in ADULT_ONLY_RELATIONSHIPS:
            problems["relationship_to_child"] = (
                f"“{relationship}” is how an adult is related to the children, not an unborn "
                "baby: leave the relationship empty."
            )
    else:
        if data.date_of_birth and data.date_of_birth > now:
            problems["date_of_birth"] = "A date of birth cannot be in the future."
        elif data.date_of_birth and data.date_of_birth < now - dt.timedelta(days=365 * 120):
            problems["date_of_birth"] = "This date of birth is more than 120 years ago."
        if data.role == "child" and data.date_of_birth is None:
            problems["date_of_birth"] = "Enter the child's date of birth."
    if data.nhs_number and not nhs_number_valid(data.nhs_number):
        problems["nhs_number"] = "This is not a valid NHS number (10 digits with a check digit)."
    if problems:
        raise ValidationFailed(problems)


# ---------------------------------------------------------------- services



# Where the store keeps the start of the references it gives (set at enrolment).
META_REFERENCE_PREFIX = "families.reference_prefix"
REFERENCE_PREFIX = "EH-"


def device_reference_prefix(device_number: int) -> str:
    """References a device numbered by the central service gives: EH-012-00034. No other
    device gives the same, so families made offline on two laptops never clash."""
    return f"{REFERENCE_PREFIX}{device_number:03d}-"


def next_reference(session: Session) -> str:
    """The next free reference: EH-000001... in a store of its own, EH-012-00001... once
    the store is connected to the central service as device 12."""
    prefix = read_meta(session, META_REFERENCE_PREFIX) or REFERENCE_PREFIX
    width = 6 if prefix == REFERENCE_PREFIX else 5
    count = session.scalar(
        select(func.count()).select_from(Family).where(Family.reference.startswith(prefix))
    ) or 0
    while True:
        count += 1
        ref = f"{prefix}{count:0{width}d}"
        if session.scalar(select(Family.id).where(Family.reference == ref)) is None:
            return ref


def record_opened(session: Session, actor: Profile, family_id: str) -> None:
    """Audit that the worker opened the family (an audit event; no record changes)."""
    records.audit(session, actor, "open", live_family(session, family_id))


def load_family(session: Session, actor: Profile, family_id: str) -> FamilyDetail:
    """Everything the family view shows. A load writes nothing: the worker's opening
    of the family is audited by :func:`record_opened`, once, not on every reload."""
    family = live_family(session, family_id)
    members = tuple(
        _person(p)
        for p in session.scalars(
            select(Person)
            .where(Person.family_id == family_id, Person.deleted.is_(False))
            .order_by(Person.role, Person.date_of_birth)
        )
    )
    agencies = tuple(
        _agency(a)
        for a in session.scalars(
            select(AgencyInvolvement)
            .where(AgencyInvolvement.family_id == family_id, AgencyInvolvement.deleted.is_(False))
            .order_by(AgencyInvolvement.agency)
        )
    )
    history = tuple(
        LevelChangeData(
            id=c.id,
            decided_on=c.decided_on,
            from_level=c.from_level,
            to_level=c.to_level,
            direction=c.direction,
            reason=c.reason,
            decided_by=c.decided_by,
        )
        for c in session.scalars(
            select(LevelChange)
            .where(LevelChange.family_id == family_id, LevelChange.deleted.is_(False))
            .order_by(LevelChange.decided_on.desc(), LevelChange.updated_at.desc())
        )
    )
    return FamilyDetail(
        family=_family(family),
        version=family.version,
        updated_at=family.updated_at,
        updated_by=family.updated_by,
        members=members,
        agencies=agencies,
        level_history=history,
        last_contact=family.last_contact,
        next_review=family.next_review,
        children=tuple(m for m in members if m.role in ("child", "unborn")),
    )


def save_family(session: Session, actor: Profile, data: FamilyData) -> str:
    """Create or update a family; return its id."""
    validate_family(data)
    values = {k: getattr(data, k) for k in FAMILY_FIELDS if k not in ("level_code",)}
    values["postcode"] = data.postcode.strip().upper()
    if data.id is None:
        values["reference"] = data.reference.strip() or next_reference(session)
        if session.scalar(select(Family.id).where(Family.reference == values["reference"])):
            raise ValidationFailed(
                {"reference": f"Another family already has the reference {values['reference']}."}
            )
        values["allocated_to"] = data.allocated_to or actor.username
        family = records.create(session, actor, Family, **values)
        return family.id
    family = writable_family(session, data.id)
    values.pop("reference")
    records.update(session, actor, family, **values)
    return family.id


def save_person(session: Session, actor: Profile, data: PersonData) -> str:
    validate_person(data)
    writable_family(session, data.family_id)
    values = {k: getattr(data, k) for k in PERSON_FIELDS}
    values["nhs_number"] = re.sub(r"\s", "", data.nhs_number)
    if data.role == "unborn":
        values["date_of_birth"] = None
    else:
        values["expected_date"] = None
    return save_family_record(session, actor, Person, data.id, values, PERSON_GONE)


PERSON_GONE = "That person is no longer in this family."
AGENCY_GONE = "That agency is no longer recorded for this family."


def remove_person(session: Session, actor: Profile, person_id: str) -> None:
    remove_family_record(session, actor, Person, person_id, PERSON_GONE)


def save_agency(session: Session, actor: Profile, data: AgencyData) -> str:
    if not data.agency.strip():
        raise ValidationFailed({"agency": "Choose or enter the agency."})
    if data.email and not EMAIL.match(data.email.strip()):
        raise ValidationFailed({"email": "This is not an email address."})
    writable_family(session, data.family_id)
    values = {k: getattr(data, k) for k in AGENCY_FIELDS}
    return save_family_record(session, actor, AgencyInvolvement, data.id, values, AGENCY_GONE)


def remove_agency(session: Session, actor: Profile, agency_id: str) -> None:
    remove_family_record(session, actor, AgencyInvolvement, agency_id, AGENCY_GONE)



@dataclass(frozen=True)
class LevelDecision:
    family_id: str
    to_level: str
    decided_on: dt.date
    reason: str
    decided_by: str


def level_problems(
    levels: LevelsOfNeed, current_level: str, decision: LevelDecision
) -> dict[str, str]:
    """What is wrong with a level-of-need decision, by field (empty: nothing). The
    dialog shows these beside its fields before saving; the service checks them again."""
    problems: dict[str, str] = {}
    if levels.get(decision.to_level) is None:
        problems["to_level"] = "Choose the new level of need."
    elif levels.direction(current_level, decision.to_level) == "same":
        problems["to_level"] = f"The family is already at {levels.label(decision.to_level)}."
    if not decision.reason.strip():
        problems["reason"] = "Say why the level is changing: inspectors look for the reason."
    if not decision.decided_by.strip():
        problems["decided_by"] = "Say who made the decision."
    if decision.decided_on > today():
        problems["decided_on"] = "A decision cannot be dated in the future."
    return problems


def change_level(
    session: Session, actor: Profile, levels: LevelsOfNeed, decision: LevelDecision
) -> LevelChangeData:
    """Record a level-of-need decision; moving into or out of social care is a step up/down."""
    family = writable_family(session, decision.family_id)
    problems = level_problems(levels, family.level_code, decision)
    if problems:
        raise ValidationFailed(problems)
    direction = levels.direction(family.level_code, decision.to_level)
    change = records.create(
        session,
        actor,
        LevelChange,
        family_id=family.id,
        decided_on=decision.decided_on,
        from_level=family.level_code,
        to_level=decision.to_level,
        direction=direction,
        reason=decision.reason.strip(),
        decided_by=decision.decided_by.strip(),
    )
    new_status = family.status
    if direction == "step_up":
        new_status = "stepped_up"
    elif direction == "step_down":
        # Down within social care (child protection to child in need) is still stepped up.
        new_status = "open"
    records.update(session, actor, family, level_code=decision.to_level, status=new_status)
    return LevelChangeData(
        id=change.id,
        decided_on=change.decided_on,
        from_level=change.from_level,
        to_level=change.to_level,
        direction=change.direction,
        reason=change.reason,
        decided_by=change.decided_by,
    )
