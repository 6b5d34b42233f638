"""What every document needs to know about the family, read from the store.

Documents are asked for by family reference (``EH-000012``), as a worker
types it at the command line or the family view knows it. The loaders here
return plain frozen dataclasses; no ORM object leaves this package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dates import uk
from app.documents.layout.document_info import RecordStamp
from app.errors import HearthError
from app.families.personal_details import age_words
from app.forms.definition import Option
from app.forms.loader import FormRegistry, load_default
from app.reference.choices import PERSON_ROLES
from app.reference.form_options import reference_options
from app.reference.levels_of_need import LevelsOfNeed, load_levels
from db.models import Family, Person, SyncColumns


class NothingToPrint(HearthError):
    """The family has no record of the kind a document is made from."""


class FamilyNotFound(HearthError):
    pass


@dataclass(frozen=True)
class PersonFacts:
    id: str
    role: str  # child, unborn, parent_carer, significant_adult
    given_name: str
    family_name: str
    relationship: str
    date_of_birth: dt.date | None
    expected_date: dt.date | None

    @property
    def name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        if not name and self.role == "unborn":
            return "Unborn baby"
        return name

    @property
    def is_child(self) -> bool:
        return self.role in ("child", "unborn")

    def age_text(self, on: dt.date | None = None) -> str:
        if self.role == "unborn":
            return f"due {uk(self.expected_date)}" if self.expected_date else "unborn"
        return age_words(self.date_of_birth, on)

    def described(self, on: dt.date | None = None) -> str:
        """'Amy Smith (3 years)'."""
        age = self.age_text(on)
        return f"{self.name} ({age})" if age else self.name


@dataclass(frozen=True)
class FamilyFacts:
    id: str
    reference: str
    family_name: str
    address: tuple[str, ...]
    lead_professional: str
    lead_agency: str
    level_code: str
    level_label: str
    status: str
    next_review: dt.date | None
    people: tuple[PersonFacts, ...]
    stamp: RecordStamp

    @property
    def display_name(self) -> str:
        return f"{self.family_name} family" if self.family_name else "Family"

    @property
    def children(self) -> tuple[PersonFacts, ...]:
        return tuple(p for p in self.people if p.is_child)

    @property
    def adults(self) -> tuple[PersonFacts, ...]:
        return tuple(p for p in self.people if not p.is_child)

    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.people}

    def person(self, person_id: str | None) -> PersonFacts | None:
        for p in self.people:
            if p.id == person_id:
                return p
        return None

    def lead_text(self) -> str:
        if self.lead_professional and self.lead_agency:
            return f"{self.lead_professional} ({self.lead_agency})"
        return self.lead_professional or self.lead_agency


def stamp_of(record: SyncColumns) -> RecordStamp:
    return RecordStamp(record.version, record.updated_at)


def stamps_of(records: Iterable[SyncColumns]) -> list[RecordStamp]:
    return [stamp_of(r) for r in records]


def find_family(session: Session, reference: str) -> Family:
    ref = " ".join(str(reference).split()).upper()
    family = session.scalar(
        select(Family).where(Family.reference == ref, Family.deleted.is_(False))
    )
    if family is None:
        raise FamilyNotFound(
            f"There is no family with the reference {ref or '(none)'} in this store."
        )
    return family


ROLE_ORDER = {"child": 0, "unborn": 1, "parent_carer": 2, "significant_adult": 3}


def family_facts(
    session: Session, family: Family, levels: LevelsOfNeed | None = None
) -> FamilyFacts:
    levels = levels or configured_levels()
    people = [
        PersonFacts(
            id=p.id,
            role=p.role,
            given_name=p.given_name,
            family_name=p.family_name,
            relationship=p.relationship_to_child or PERSON_ROLES.get(p.role, ""),
            date_of_birth=p.date_of_birth,
            expected_date=p.expected_date,
        )
        for p in session.scalars(
            select(Person).where(Person.family_id == family.id, Person.deleted.is_(False))
        )
    ]
    # Children oldest first, then the adults.
    people.sort(
        key=lambda p: (
            ROLE_ORDER.get(p.role, 9),
            p.date_of_birth or p.expected_date or dt.date.max,
            p.name,
        )
    )
    level = levels.current(family.level_code)
    address = tuple(
        line
        for line in (
            family.address_line1,
            family.address_line2,
            family.town,
            family.postcode,
        )
        if line
    )
    return FamilyFacts(
        id=family.id,
        reference=family.reference,
        family_name=family.family_name,
        address=address,
        lead_professional=family.lead_professional,
        lead_agency=family.lead_agency,
        level_code=family.level_code,
        level_label=level.label if level else "",
        status=family.status,
        next_review=family.next_review,
        people=tuple(people),
        stamp=stamp_of(family),
    )


# ---------------------------------------------------------------- reference data


@lru_cache(maxsize=1)
def configured_levels() -> LevelsOfNeed:
    return load_levels()


@lru_cache(maxsize=1)
def form_registry() -> FormRegistry:
    """The shipped and council forms, loaded once per process."""
    return load_default().registry


def option_lists() -> Mapping[str, tuple[Option, ...]]:
    levels = configured_levels()
    return reference_options([(lv.code, lv.label) for lv in levels.levels])


def audit_print(session: Session, actor: Any, family: Family, document: str) -> None:
    """Printing a family's record is a read of personal data: record who and what."""
    from app.records import writes as records

    records.audit(session, actor, f"print_{document}"[:40], family)
